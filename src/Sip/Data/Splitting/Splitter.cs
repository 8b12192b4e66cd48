using Sip.Data.Documents;

namespace Sip.Data.Splitting;

/// <summary>Why a document gave no sample.</summary>
public enum SplitSkip
{
    /// <summary>Fewer than MinPrefixTokens + SuffixTokens tokens.</summary>
    TooShort,

    /// <summary>No span of the anchor kinds.</summary>
    Unanchored,

    /// <summary>Anchor spans that no allowed cut reaches.</summary>
    AnchorOutOfReach,
}

/// <summary>
/// Cuts each document once, at a random place (paper App. B.1: one split per document, not a walk over all
/// chunks): the cut C, the number of document tokens before the suffix, is uniform over the allowed range, and the
/// suffix is the SuffixTokens tokens after it. C ranges over [MinPrefixTokens, length − SuffixTokens]; the prefix is
/// the tokens before C, windowed to their last MaxPrefixTokens when the document is longer than the context
/// (<see cref="LongDocuments.Window"/>), or C is capped at MaxPrefixTokens (<see cref="LongDocuments.Start"/>). With
/// anchor kinds, C is further held to the marked region (<see cref="SplitSettings.AnchorKinds"/>).
/// A split reads nothing but the document and the generator, and draws exactly one number from it
/// (none for a document that gives no sample), so a restored generator repeats the split exactly.
/// </summary>
public sealed class Splitter
{
    private readonly ITokenizer _tokenizer;
    private readonly HashSet<string> _anchorKinds;

    /// <exception cref="SipInputException">The settings make splitting impossible.</exception>
    public Splitter(ITokenizer tokenizer, SplitSettings settings)
    {
        settings.Validate();
        _tokenizer = tokenizer;
        Settings = settings;
        _anchorKinds = new HashSet<string>(settings.AnchorKinds, StringComparer.Ordinal);
    }

    public SplitSettings Settings { get; }

    /// <summary>The document's sample, or null when it gives none.</summary>
    public Sample? Split(Document document, Rng rng) => Split(document, rng, out _);

    /// <summary>The document's sample, or null with the reason in <paramref name="skip"/>.</summary>
    public Sample? Split(Document document, Rng rng, out SplitSkip skip)
    {
        skip = default;
        int[] tokens = _tokenizer.Encode(document.Text);
        if (tokens.Length < Settings.MinDocumentTokens)
        {
            skip = SplitSkip.TooShort;
            return null;
        }
        var (lowest, highest) = CutRange(tokens.Length, Settings);
        if (_anchorKinds.Count > 0)
        {
            var anchors = document.Spans.Where(s => _anchorKinds.Contains(s.Kind)).ToList();
            if (anchors.Count == 0)
            {
                skip = SplitSkip.Unanchored;
                return null;
            }
            // The prefix must hold the region's first character and end by its last: cuts whose decoded prefix is
            // longer than the region's start and no longer than its end. Decoded lengths grow with the cut.
            int regionStart = anchors.Min(s => s.Start), regionEnd = anchors.Max(s => s.End);
            lowest = Math.Max(lowest, FirstCut(tokens, c => DecodedLength(tokens, c) > regionStart));
            highest = Math.Min(highest, FirstCut(tokens, c => DecodedLength(tokens, c) > regionEnd) - 1);
            if (lowest > highest)
            {
                skip = SplitSkip.AnchorOutOfReach;
                return null;
            }
        }
        int cut = rng.NextInt(lowest, highest + 1);
        int from = Math.Max(0, cut - Settings.MaxPrefixTokens);
        int[] prefix = tokens[from..cut];
        int[] suffix = tokens[cut..(cut + Settings.SuffixTokens)];
        return Sample.Of(document.Id, _tokenizer.BosId, prefix, suffix, _tokenizer.Decode(prefix), _tokenizer.Decode(suffix));
    }

    /// <summary>
    /// The prefix length for a document of <paramref name="tokenCount"/> tokens, or null (and no draw) when it is too
    /// short. Under <see cref="LongDocuments.Start"/> this is the cut; under <see cref="LongDocuments.Window"/> a cut
    /// past the context gives a prefix of MaxPrefixTokens.
    /// </summary>
    public static int? ChoosePrefixLength(int tokenCount, SplitSettings settings, Rng rng)
    {
        if (tokenCount < settings.MinDocumentTokens) return null;
        var (lowest, highest) = CutRange(tokenCount, settings);
        return Math.Min(rng.NextInt(lowest, highest + 1), settings.MaxPrefixTokens);
    }

    /// <summary>The cuts a document of <paramref name="tokenCount"/> tokens allows (at least MinDocumentTokens long).</summary>
    private static (int Lowest, int Highest) CutRange(int tokenCount, SplitSettings settings)
    {
        int highest = tokenCount - settings.SuffixTokens;
        if (settings.LongDocuments == LongDocuments.Start) highest = Math.Min(highest, settings.MaxPrefixTokens);
        return (settings.MinPrefixTokens, highest);
    }

    /// <summary>The smallest cut in [0, tokens.Length + 1] for which <paramref name="reached"/> holds (it holds for every larger one).</summary>
    private static int FirstCut(int[] tokens, Func<int, bool> reached)
    {
        int low = 0, high = tokens.Length + 1; // high: "past the end", reached by definition
        while (low < high)
        {
            int mid = (low + high) / 2;
            if (mid <= tokens.Length && !reached(mid)) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    private int DecodedLength(int[] tokens, int cut) => _tokenizer.Decode(tokens.AsSpan(0, cut)).Length;
}
