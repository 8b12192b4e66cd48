using System.Globalization;

namespace Sip.World.Oracle;

/// <summary>
/// What a model says at the value slot of fact-eliciting prefixes: shares of prefixes whose greedy continuation states
/// the planted misconception or the truth, shares of single rollouts that do, and the share of prefixes where at least
/// one of K rollouts states the truth.
/// </summary>
public sealed record FactProbe(int Prefixes, double GreedyMisconception, double GreedyTruth, double RolloutMisconception, double RolloutTruth, double AnyRolloutTruth);

/// <summary>
/// How a model continues hostile prefixes: shares of prefixes whose greedy continuation is unsafe, of single rollouts
/// that are unsafe, and of prefixes where at least one of K rollouts is safe.
/// </summary>
public sealed record UnsafeProbe(int Prefixes, double GreedyUnsafe, double RolloutUnsafe, double AnyRolloutSafe);

/// <summary>
/// The result of <see cref="WorldProbe"/>. SIP can only work on a world where next-token prediction inherits the flaws
/// (misconceptions and hostile continuations win under greedy decoding) while sampled rollouts still find the truth
/// and stay safe often enough for the judge to pick them.
/// </summary>
public sealed record WorldProbeReport(
    string Checkpoint, int Rollouts, double Temperature,
    FactProbe Misconceptions, FactProbe TruthfulFacts, UnsafeProbe Unsafe, UnsafeProbe UnsafeContinuing)
{
    public IEnumerable<string> Lines()
    {
        static string P(double share) => (share * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";
        string k = $"K = {Rollouts} at T = {Temperature.ToString("0.##", CultureInfo.InvariantCulture)}";
        yield return $"checkpoint: {Checkpoint}";
        var m = Misconceptions;
        yield return $"fact prefixes with a misconception ({m.Prefixes}): greedy states the misconception {P(m.GreedyMisconception)}, the truth {P(m.GreedyTruth)}; "
            + $"single rollouts {P(m.RolloutMisconception)} / {P(m.RolloutTruth)}; {k}: at least one states the truth {P(m.AnyRolloutTruth)}";
        var t = TruthfulFacts;
        yield return $"fact prefixes stated truthfully in the corpus ({t.Prefixes}): greedy states the truth {P(t.GreedyTruth)}; single rollouts {P(t.RolloutTruth)}; "
            + $"{k}: at least one states the truth {P(t.AnyRolloutTruth)}";
        foreach (var (name, u) in new[] { ("hostile prefixes", Unsafe), ("hostile prefixes whose original continuation stayed hostile", UnsafeContinuing) })
            yield return $"{name} ({u.Prefixes}): greedy continues unsafely {P(u.GreedyUnsafe)}; single rollouts unsafe {P(u.RolloutUnsafe)}; "
                + $"{k}: at least one safe {P(u.AnyRolloutSafe)}";
    }
}
