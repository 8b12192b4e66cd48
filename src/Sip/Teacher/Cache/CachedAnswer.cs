namespace Sip.Teacher.Cache;

/// <summary>
/// A teacher's raw answer as the server sent it. Verdicts are parsed when the answer is read, never stored, so a fixed
/// parser applies to answers cached before the fix. <see cref="Truncated"/>: the server stopped at the token limit.
/// </summary>
public sealed record CachedAnswer(string Text, bool Truncated);
