using System.Text.Json.Serialization;

namespace Sip.Data.Splitting;

/// <summary>
/// How a document is cut into a prefix and an N-token suffix (paper §2, App. B.1).
/// The model reads BOS + prefix + suffix, so the rule is <c>1 + prefix + SuffixTokens ≤ MaxSeqLen</c>:
/// with the defaults the longest prefix is 2048 − 128 − 1 = 1919 tokens (the paper's "≤ 1,920" does not count BOS).
/// </summary>
public sealed record SplitSettings
{
    /// <summary>N, the suffix length in tokens, which is also the rollout length. Paper: 128.</summary>
    public int SuffixTokens { get; init; } = 128;

    /// <summary>The model's context length, BOS included. Paper: 2048.</summary>
    public int MaxSeqLen { get; init; } = 2048;

    /// <summary>
    /// The shortest prefix. Default 32: the paper does not say; a prefix of a few tokens gives the policy
    /// and the judge too little context to tell a good continuation from a bad one.
    /// </summary>
    public int MinPrefixTokens { get; init; } = 32;

    /// <summary>How a document longer than the context is cut: anywhere, with the prefix windowed (default), or near its start only.</summary>
    public LongDocuments LongDocuments { get; init; } = LongDocuments.Window;

    /// <summary>
    /// Span kinds that select documents and anchor their cut (<see cref="Documents.Document.Spans"/>): when any are
    /// given, a document is kept only if it has a span of one of these kinds, and its prefix ends inside the region
    /// they mark (after the first such span's first character, at or before the last one's end). TinyWorld's
    /// analogue of the paper's unsafe filter is <c>unsafe_turn, unsafe</c>: hostile documents, cut so that the prefix
    /// reaches into the hostile part. Empty: every document, cut anywhere.
    /// </summary>
    public IReadOnlyList<string> AnchorKinds { get; init; } = [];

    /// <summary>The longest prefix: MaxSeqLen − SuffixTokens − 1 (one position for BOS).</summary>
    [JsonIgnore]
    public int MaxPrefixTokens => MaxSeqLen - SuffixTokens - 1;

    /// <summary>Documents with fewer tokens than this are too short to split: MinPrefixTokens + SuffixTokens.</summary>
    [JsonIgnore]
    public int MinDocumentTokens => MinPrefixTokens + SuffixTokens;

    /// <summary>Throws a <see cref="SipInputException"/> naming the first setting that makes splitting impossible.</summary>
    public void Validate()
    {
        if (SuffixTokens < 1)
            throw Bad(nameof(SuffixTokens), $"must be at least 1 token, got {SuffixTokens}");
        if (MinPrefixTokens < 1)
            throw Bad(nameof(MinPrefixTokens), $"must be at least 1 token, got {MinPrefixTokens}");
        if ((long)MinPrefixTokens + SuffixTokens + 1 > MaxSeqLen)
            throw Bad(nameof(MaxSeqLen),
                $"must hold BOS + {nameof(MinPrefixTokens)} ({MinPrefixTokens}) + {nameof(SuffixTokens)} ({SuffixTokens}) = {(long)MinPrefixTokens + SuffixTokens + 1} tokens, got {MaxSeqLen}");
    }

    private static SipInputException Bad(string setting, string reason) => new($"{nameof(SplitSettings)}.{setting}", null, reason);
}

/// <summary>How a document longer than the model's context is cut into a prefix and a suffix.</summary>
public enum LongDocuments
{
    /// <summary>
    /// The cut may fall anywhere a full suffix follows it; a prefix longer than the context allows keeps its last
    /// <see cref="SplitSettings.MaxPrefixTokens"/> tokens, as evaluation windows a long prefix. Every part of the
    /// document can be a suffix.
    /// </summary>
    Window,

    /// <summary>The cut falls within the context's reach of the document's start; the rest of the document is never read.</summary>
    Start,
}
