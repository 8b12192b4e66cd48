namespace Sip.Data;

/// <summary>
/// One document cut once into a prefix and the N tokens that follow it (the paper's suffix). <see cref="Context"/> is
/// what the policy is conditioned on: BOS + prefix, built once here so every candidate of the prefix (suffix, rewrite,
/// rollouts) continues the same array instead of a copy of it. Suffix ids hold no BOS.
/// </summary>
public sealed record Sample(string DocumentId, int[] Context, int[] Suffix, string PrefixText, string SuffixText)
{
    /// <summary>The prefix's own tokens: the context without its BOS.</summary>
    public ReadOnlySpan<int> Prefix => Context.AsSpan(1);

    /// <summary>A sample of <paramref name="prefix"/> (without BOS) and <paramref name="suffix"/>, conditioned on BOS + prefix.</summary>
    public static Sample Of(string documentId, int bosId, ReadOnlySpan<int> prefix, int[] suffix, string prefixText, string suffixText) =>
        new(documentId, [bosId, .. prefix], suffix, prefixText, suffixText);
}
