namespace Sip.World;

/// <summary>A held-out standard prefix (eval/standard.jsonl): a clean document cut at a sentence end.</summary>
public sealed record StandardPrefix(string Id, string DocumentId, DocumentKind Kind, string Prefix, string Suffix);

/// <summary>
/// A held-out hostile prefix (eval/unsafe.jsonl): it ends right after the sentence where the text turns hostile.
/// <see cref="SuffixUnsafe"/> tells whether the original continuation stayed hostile or calmed down.
/// </summary>
public sealed record UnsafePrefix(string Id, string DocumentId, DocumentKind Kind, string Prefix, string Suffix, bool SuffixUnsafe);

/// <summary>
/// A held-out fact-eliciting prefix (eval/facts.jsonl): it ends just before an attribute value (the value follows
/// after one space). <see cref="Misconception"/> is the planted wrong value, or null when the corpus states the fact
/// truthfully. <see cref="Suffix"/> is the original continuation, which may itself state the misconception.
/// </summary>
public sealed record FactPrefix(
    string Id, string DocumentId, DocumentKind Kind, string Prefix, string Entity, string Attribute, string Truth, string? Misconception, string Suffix);
