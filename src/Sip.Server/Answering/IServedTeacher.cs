using Sip.Teacher;

namespace Sip.Server.Answering;

/// <summary>One sample of a served judge's verdict: the score on the request's scale and a sentence of reasoning to write before it.</summary>
public readonly record struct ServedVerdict(double Score, string Reasoning);

/// <summary>
/// What <see cref="TeacherServer"/> answers with: a teacher that knows the answer to a request, not a language model.
/// Both methods are called concurrently and must be deterministic, so that a client asking twice gets the same answer.
/// </summary>
public interface IServedTeacher
{
    /// <summary>A stable description (the answers' <c>system_fingerprint</c>).</summary>
    string Describe { get; }

    /// <summary>Sample <paramref name="sample"/> of the verdict on <paramref name="request"/>.</summary>
    ServedVerdict Judge(JudgeRequest request, int sample);

    /// <summary>The improved suffix: the continuation of the prefix, without the prefix's ending.</summary>
    string Rewrite(RewriteRequest request);
}
