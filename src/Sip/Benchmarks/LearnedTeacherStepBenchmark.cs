using Sip.Teacher.Local;

namespace Sip.Benchmarks;

/// <summary>
/// A SIP step judged by a learned teacher in this process (<c>teacher.kind model</c>) with overlap, against its bound
/// max(policy compute, teacher compute): the <see cref="OverlapStepBench"/> run once without overlap, whose steps give
/// the policy's share and the teacher's (each working alone), and once with it. On a machine whose cores the policy and
/// the teacher share, the step cannot reach the max, only the sum; both are reported.
/// </summary>
public static class LearnedTeacherStepBenchmark
{
    /// <param name="SharePrefixes">whether the teacher prefilled its batches' shared prefixes once</param>
    /// <param name="StepSeconds">the overlapped step, steady state</param>
    /// <param name="PolicySeconds">rollouts, update and bookkeeping of a step, with the teacher idle</param>
    /// <param name="TeacherSeconds">the teacher judging one step's requests, with the policy idle</param>
    /// <param name="JudgeCalls">judge calls per step</param>
    /// <param name="SharedTokens">share of the prompts' tokens the teacher did not prefill again</param>
    /// <param name="StoppedAtVerdict">share of answers that ended at a verdict's stop sequence rather than the end of turn</param>
    public sealed record Figures(bool SharePrefixes, double StepSeconds, double PolicySeconds, double TeacherSeconds, int JudgeCalls, double SharedTokens, double StoppedAtVerdict)
    {
        public double BoundSeconds => Math.Max(PolicySeconds, TeacherSeconds);

        public double Ratio => StepSeconds / BoundSeconds;

        /// <summary>Both shares one after the other: what overlap saves nothing against.</summary>
        public double SumSeconds => PolicySeconds + TeacherSeconds;
    }

    public static Figures Measure(OverlapStepBench bench, string teacher, bool sharePrefixes)
    {
        var settings = new ModelTeacherSettings { Checkpoint = teacher, SharePrefixes = sharePrefixes };
        string run = sharePrefixes ? "learned-shared" : "learned-whole";
        double policy, judging, shared, stopped;
        using (var alone = ModelTeacher.Create(settings))
        {
            var steps = bench.Run(run, alone.Judge, steps: 5, overlap: false);
            (policy, judging) = (OverlapStepBench.PolicySeconds(steps), OverlapStepBench.JudgeSeconds(steps));
            var counts = ((ModelChatClient)alone.Transport.Client).Counts;
            (shared, stopped) = ((double)counts.SharedTokens / counts.PromptTokens, (double)counts.StoppedAtSequence / counts.Calls);
        }
        using var overlapping = ModelTeacher.Create(settings);
        var (step, calls) = OverlapStepBench.Steady(bench.Run(run + "-overlap", overlapping.Judge, steps: 6, overlap: true));
        return new Figures(sharePrefixes, step, policy, judging, calls, shared, stopped);
    }
}
