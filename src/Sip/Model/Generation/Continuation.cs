namespace Sip.Model.Generation;

/// <summary>
/// Tokens a model wrote after one prompt. <see cref="Tokens"/> ends with the stop token when
/// <see cref="Stopped"/> (the end of sequence is part of what was generated, and of what training scores).
/// </summary>
public sealed record Continuation(int PromptIndex, int SampleIndex, int[] Tokens, bool Stopped);
