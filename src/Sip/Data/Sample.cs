namespace Sip.Data;

/// <summary>
/// One document cut once into a prefix and the N tokens that follow it (the paper's suffix).
/// Token ids hold no BOS; the model input is BOS + prefix + continuation.
/// </summary>
public sealed record Sample(string DocumentId, int[] Prefix, int[] Suffix, string PrefixText, string SuffixText);
