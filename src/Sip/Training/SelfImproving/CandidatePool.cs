using Sip.Data;
using Sip.Teacher;

namespace Sip.Training.SelfImproving;

/// <summary>The candidates of one prefix, in pool order: suffix, rewrite, then rollouts 0..K-1 (whichever the settings include).</summary>
public sealed record CandidatePool(Sample Sample, IReadOnlyList<Candidate> Candidates)
{
    /// <summary>True when the rewriter was asked for this prefix but gave no usable rewrite (counted; the pool goes on without it).</summary>
    public bool RewriteFailed { get; init; }

    public Candidate? Find(CandidateKind kind, int index = 0) => Candidates.FirstOrDefault(c => c.Kind == kind && c.Index == index);
}
