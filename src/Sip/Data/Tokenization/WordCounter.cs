using System.Runtime.InteropServices;

namespace Sip.Data.Tokenization;

/// <summary>
/// Counts the pre-tokens of a stream of documents: BPE training needs only each distinct word and how
/// often it occurs, which is far smaller than the corpus (a few million words for gigabytes of text).
/// </summary>
internal sealed class WordCounter(PreTokenSplitter preTokenizer)
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly List<(int Start, int Length)> _pieces = [];

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public long Documents { get; private set; }

    public long Characters { get; private set; }

    public void Add(string document)
    {
        Documents++;
        Characters += document.Length;
        // The same clean-up the encoder applies, so training sees exactly what encoding will.
        var text = preTokenizer.Prepare(LoneSurrogates.Replace(document));
        preTokenizer.Split(text, _pieces);
        var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (start, length) in _pieces)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(lookup, text.AsSpan(start, length), out _)++;
        }
    }
}
