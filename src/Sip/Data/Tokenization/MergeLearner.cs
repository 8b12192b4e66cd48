using System.Runtime.InteropServices;
using System.Text;

namespace Sip.Data.Tokenization;

/// <summary>
/// Learns BPE merges from word counts incrementally: pair counts and, per pair, the words that contain it
/// are built once; each merge then rewrites only the words holding the merged pair and adjusts only the
/// counts of the pairs next to it. The best pair comes from a max-heap with lazy deletion: counts that
/// fell since an entry was pushed are detected when it is popped, and the entry is pushed again with the
/// current count.
/// </summary>
/// <remarks>
/// Token ids here: 0-255 the bytes, then one per new token in order of creation. Ties between pairs of
/// equal count go to the smaller left id, then the smaller right id (Hugging Face's trainer rule). The
/// result depends only on the word counts, not on document or dictionary order, so a run is reproducible.
/// A merge whose bytes already form a token (e.g. "ab"+"c" after "a"+"bc") reuses that token's id:
/// a tokenizer.json cannot hold one spelling twice.
/// </remarks>
internal sealed class MergeLearner
{
    private readonly int[][] _words;
    private readonly int[] _lengths;
    private readonly long[] _frequencies;
    private readonly Dictionary<long, long> _pairCounts = new();
    private readonly Dictionary<long, List<int>> _pairWords = new();
    private readonly HashSet<long> _grown = [];
    private readonly List<byte[]> _tokens = [];
    private readonly Dictionary<string, int> _tokenIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forbidden;
    private readonly HashSet<long> _banned = [];

    /// <param name="words">Each distinct word's UTF-8 bytes and frequency.</param>
    /// <param name="forbidden">Byte strings that must not become tokens (the special tokens' text).</param>
    public MergeLearner(IReadOnlyList<(byte[] Bytes, long Frequency)> words, IEnumerable<byte[]> forbidden)
    {
        for (var b = 0; b < 256; b++) AddToken([(byte)b]);
        _forbidden = forbidden.Select(Key).ToHashSet(StringComparer.Ordinal);

        _words = new int[words.Count][];
        _lengths = new int[words.Count];
        _frequencies = new long[words.Count];
        for (var w = 0; w < words.Count; w++)
        {
            var (bytes, frequency) = words[w];
            _words[w] = Array.ConvertAll(bytes, b => (int)b);
            _lengths[w] = bytes.Length;
            _frequencies[w] = frequency;
            for (var i = 0; i + 1 < bytes.Length; i++) Count(Pair(bytes[i], bytes[i + 1]), frequency, w);
        }
    }

    /// <summary>All tokens, bytes first, indexed by id.</summary>
    public IReadOnlyList<byte[]> Tokens => _tokens;

    /// <summary>Learns merges until there are <paramref name="tokenCount"/> tokens or no pair reaches <paramref name="minFrequency"/>.</summary>
    /// <returns>The merges in rank order as (left, right, result) ids.</returns>
    public List<(int Left, int Right, int Result)> Learn(int tokenCount, long minFrequency, Action<int>? onMerge, CancellationToken cancellation)
    {
        var merges = new List<(int Left, int Right, int Result)>();
        var heap = new PriorityQueue<long, (long Count, long Pair)>(
            _pairCounts.Where(p => p.Value > 0).Select(p => (p.Key, (p.Value, p.Key))),
            Comparer<(long Count, long Pair)>.Create(static (x, y) => x.Count != y.Count ? y.Count.CompareTo(x.Count) : x.Pair.CompareTo(y.Pair)));

        while (_tokens.Count < tokenCount && heap.TryDequeue(out var pair, out var queued))
        {
            cancellation.ThrowIfCancellationRequested();
            var count = _pairCounts.GetValueOrDefault(pair);
            if (count <= 0 || _banned.Contains(pair)) continue;
            if (count != queued.Count)
            {
                heap.Enqueue(pair, (count, pair));
                continue;
            }
            if (count < minFrequency) break;

            var (left, right) = ((int)(pair >> 32), (int)pair);
            var bytes = Concat(_tokens[left], _tokens[right]);
            var key = Key(bytes);
            if (_forbidden.Contains(key))
            {
                _banned.Add(pair);
                continue;
            }
            if (!_tokenIds.TryGetValue(key, out var result)) result = AddToken(bytes);
            merges.Add((left, right, result));

            _grown.Clear();
            if (_pairWords.Remove(pair, out var words))
            {
                foreach (var w in words) MergeInWord(w, left, right, result);
            }
            _pairCounts.Remove(pair);
            foreach (var grown in _grown)
            {
                // A pair made and unmade within the same word ("a b a b") may be back to zero.
                if (_pairCounts[grown] is var grownCount and > 0) heap.Enqueue(grown, (grownCount, grown));
            }
            onMerge?.Invoke(merges.Count);
        }
        return merges;
    }

    /// <summary>
    /// Replaces every non-overlapping (left, right) in word <paramref name="w"/>, left to right, by
    /// <paramref name="result"/>, moving each neighbour's pair count from the old pair to the new one.
    /// When two occurrences touch ("a b a b"), the second sees the first's result as its left neighbour,
    /// so the counts added and removed in between cancel out.
    /// </summary>
    private void MergeInWord(int w, int left, int right, int result)
    {
        var symbols = _words[w];
        var length = _lengths[w];
        var frequency = _frequencies[w];
        var write = 0;
        for (var read = 0; read < length;)
        {
            if (read + 1 < length && symbols[read] == left && symbols[read + 1] == right)
            {
                if (write > 0)
                {
                    var before = symbols[write - 1];
                    Count(Pair(before, left), -frequency, w);
                    Count(Pair(before, result), frequency, w);
                }
                if (read + 2 < length)
                {
                    var after = symbols[read + 2];
                    Count(Pair(right, after), -frequency, w);
                    Count(Pair(result, after), frequency, w);
                }
                symbols[write++] = result;
                read += 2;
            }
            else
            {
                symbols[write++] = symbols[read++];
            }
        }
        _lengths[w] = write;
    }

    private void Count(long pair, long delta, int word)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_pairCounts, pair, out _);
        count += delta;
        if (delta <= 0) return;
        _grown.Add(pair);
        ref var words = ref CollectionsMarshal.GetValueRefOrAddDefault(_pairWords, pair, out _);
        words ??= [];
        // Words are visited one at a time, so a word already listed for this pair is the last one listed.
        if (words.Count == 0 || words[^1] != word) words.Add(word);
    }

    private int AddToken(byte[] bytes)
    {
        _tokenIds.Add(Key(bytes), _tokens.Count);
        _tokens.Add(bytes);
        return _tokens.Count - 1;
    }

    private static long Pair(int left, int right) => ((long)left << 32) | (uint)right;

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    // One char per byte: a cheap, exact dictionary key for a byte string.
    private static string Key(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
