namespace Sip.Model.Generation;

/// <summary>
/// Tokens a model wrote after one prompt. <see cref="Stopped"/>: the row ended before its token limit, by writing the
/// stop token (then <see cref="Tokens"/> ends with it: the end of sequence is part of what was generated, and of what
/// training scores) or because the caller's <see cref="RowStop"/> said it was complete.
/// </summary>
public sealed record Continuation(int PromptIndex, int SampleIndex, int[] Tokens, bool Stopped);
