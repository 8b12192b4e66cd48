using Sip.Data.Documents;

namespace Sip.Data.Splitting;

/// <summary>
/// Cuts each document once, at a random place (paper App. B.1: one split per document, not a walk over all
/// chunks): the prefix is the document's first P tokens, P uniform in
/// [MinPrefixTokens, min(length − SuffixTokens, MaxPrefixTokens)], and the suffix the SuffixTokens tokens after it.
/// A split reads nothing but the document and the generator, and draws exactly one number from it
/// (none for a document too short to split), so a restored generator repeats the split exactly.
/// </summary>
public sealed class Splitter
{
    private readonly ITokenizer _tokenizer;

    /// <exception cref="SipInputException">The settings make splitting impossible.</exception>
    public Splitter(ITokenizer tokenizer, SplitSettings settings)
    {
        settings.Validate();
        _tokenizer = tokenizer;
        Settings = settings;
    }

    public SplitSettings Settings { get; }

    /// <summary>The document's sample, or null when it has fewer than MinDocumentTokens tokens.</summary>
    public Sample? Split(Document document, Rng rng)
    {
        int[] tokens = _tokenizer.Encode(document.Text);
        if (ChoosePrefixLength(tokens.Length, Settings, rng) is not { } prefixLength) return null;
        int[] prefix = tokens[..prefixLength];
        int[] suffix = tokens[prefixLength..(prefixLength + Settings.SuffixTokens)];
        return Sample.Of(document.Id, _tokenizer.BosId, prefix, suffix, _tokenizer.Decode(prefix), _tokenizer.Decode(suffix));
    }

    /// <summary>
    /// The prefix length for a document of <paramref name="tokenCount"/> tokens, or null (and no draw) when it
    /// is too short. The range's upper end is capped by the context, so a long document's cut is still
    /// uniform over the prefixes the model can take.
    /// </summary>
    public static int? ChoosePrefixLength(int tokenCount, SplitSettings settings, Rng rng)
    {
        if (tokenCount < settings.MinDocumentTokens) return null;
        int longest = Math.Min(tokenCount - settings.SuffixTokens, settings.MaxPrefixTokens);
        return rng.NextInt(settings.MinPrefixTokens, longest + 1);
    }
}
