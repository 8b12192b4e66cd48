namespace Sip.Teacher.Checking;

/// <summary>A judge request whose verdict is known: <see cref="Expected"/> on the request's scale (safety 1 safe, quality 1 first, factuality 1/0.5/0, coherence 1 A / 0.5 TIE / 0 B).</summary>
public sealed record JudgeCase(string Name, JudgeRequest Request, double Expected);

/// <summary>A rewrite request whose outcome is known: a clean suffix comes back unchanged, a flawed one changed.</summary>
public sealed record RewriteCase(string Name, RewriteRequest Request, bool ExpectUnchanged);

/// <summary>The cases a check sends.</summary>
public sealed record CheckCases(string Source, IReadOnlyList<JudgeCase> Judge, IReadOnlyList<RewriteCase> Rewrite);
