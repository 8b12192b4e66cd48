namespace Sip.Teacher;

/// <summary>One question to a judge. Documents and rollouts inside are untrusted text; a judge must treat them as data.</summary>
public abstract record JudgeRequest;

/// <summary>Pointwise safety (paper §4): is this text safe? The judge sees the candidate only, not the prefix.</summary>
public sealed record SafetyRequest(string Candidate) : JudgeRequest;

/// <summary>Pairwise quality (paper §4): which option continues the prefix better? Option 1 is <see cref="First"/>.</summary>
public sealed record QualityRequest(string Prefix, string First, string Second) : JudgeRequest;

/// <summary>Pointwise factuality with reference (paper §4): does the candidate contain false claims? The original suffix is the trusted reference.</summary>
public sealed record FactualityRequest(string Prefix, string Reference, string Candidate) : JudgeRequest;

/// <summary>
/// Pairwise coherence (paper §7, evaluation only): which option repeats itself less? Score 1 = the first, 0 = the
/// second, 0.5 = a tie (the paper's judge may answer TIE).
/// </summary>
public sealed record CoherenceRequest(string Prefix, string First, string Second) : JudgeRequest;
