namespace Sip.Data.Tokenization;

/// <summary>
/// The merge rules of a BPE vocabulary, and the encoding of one pre-token with them.
/// </summary>
/// <remarks>
/// A word is merged as Hugging Face's BPE model does it: repeatedly the adjacent pair of lowest merge rank,
/// the leftmost one when the same pair occurs twice. Candidates sit in a min-heap keyed by (rank, position)
/// over a linked list of symbols, so a word of n bytes costs O(n log n) instead of the O(n^2) of rescanning
/// all pairs after every merge; entries made stale by a neighbouring merge are skipped when popped.
/// </remarks>
internal sealed class MergeTable
{
    private readonly Dictionary<long, (int Rank, int Result)> _merges;

    /// <param name="merges">(left id, right id, result id) in rank order: the first merges first.</param>
    public MergeTable(IReadOnlyList<(int Left, int Right, int Result)> merges)
    {
        _merges = new Dictionary<long, (int Rank, int Result)>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right, result) = merges[rank];
            // A duplicate rule keeps its first (lowest) rank, as in Hugging Face.
            _merges.TryAdd(Key(left, right), (rank, result));
        }
    }

    public bool TryGet(int left, int right, out int rank, out int result)
    {
        if (_merges.TryGetValue(Key(left, right), out var merge))
        {
            (rank, result) = merge;
            return true;
        }
        rank = result = -1;
        return false;
    }

    /// <summary>Merges <paramref name="symbols"/> (the byte ids of one pre-token) and appends the resulting ids to <paramref name="output"/>.</summary>
    public void Encode(ReadOnlySpan<int> symbols, List<int> output)
    {
        var n = symbols.Length;
        if (n <= 1)
        {
            foreach (var s in symbols) output.Add(s);
            return;
        }

        var ids = symbols.ToArray();
        var next = new int[n];
        var prev = new int[n];
        for (var i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }

        // Priority (rank << 32 | position): lowest rank first, then leftmost.
        var heap = new PriorityQueue<int, long>(n);
        for (var i = 0; i + 1 < n; i++) Push(heap, ids, i, i + 1);

        while (heap.TryDequeue(out var left, out var priority))
        {
            var right = next[left];
            if (ids[left] < 0 || right < 0) continue;
            if (!TryGet(ids[left], ids[right], out var rank, out var result) || rank != (int)(priority >> 32)) continue;

            ids[left] = result;
            ids[right] = -1;
            next[left] = next[right];
            if (next[right] >= 0) prev[next[right]] = left;

            if (prev[left] >= 0) Push(heap, ids, prev[left], left);
            if (next[left] >= 0) Push(heap, ids, left, next[left]);
        }

        for (var i = 0; i >= 0; i = next[i]) output.Add(ids[i]);
    }

    private void Push(PriorityQueue<int, long> heap, int[] ids, int left, int right)
    {
        if (TryGet(ids[left], ids[right], out var rank, out _)) heap.Enqueue(left, ((long)rank << 32) | (uint)left);
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
}
