using System.Diagnostics;
using Sip.Reproduction;
using Sip.Training;
using Sip.Training.Rewards;

namespace Sip.Benchmarks;

/// <summary>
/// Judge calls per prefix of each judging plan at K = 16 (suffix + 16 rollouts, the paper's pool), and how often each
/// picks what all pairs picks, with TinyWorld's oracle at noise 0.1 and one or five samples. The pools are a trained
/// base's rollouts: a reproduction's base when one is given (or at runs/reproduce), else a quick one built on the spot.
/// </summary>
public static class JudgingPlanBenchmark
{
    public static IReadOnlyList<PlanAgreement> Measure(string reproduction, Action<string> log, int prefixes = 96, int rollouts = 16)
    {
        string root = Path.GetFullPath(reproduction);
        var settingsFile = Path.Combine(root, "settings.json");
        ReproduceSettings settings;
        if (Directory.Exists(Path.Combine(root, "runs", "base")) && File.Exists(settingsFile))
        {
            settings = Sip.Settings.SettingsFile.Load<ReproduceSettings>(settingsFile).Effective();
            log($"pools from the reproduction in {root}");
        }
        else
        {
            root = Path.Combine(Path.GetTempPath(), "sip-bench-plans");
            settings = new ReproduceSettings { Quick = true, Out = root }.Effective();
            log($"no reproduction at {reproduction}: building a quick base in {root}");
        }
        var (world, _, baseFolder, data, _, _) = ReproducePipeline.PrepareBase(settings, root, _ => { }, Stopwatch.StartNew());
        var pools = JudgingPlanStudy.Pools(baseFolder, data, rollouts, prefixes, (long)settings.Seed);
        return JudgingPlanStudy.Compare(pools, world, RewardSetting.QualitySafety, [new(0.1, 0, 1), new(0.1, 0, 5)], (long)settings.Seed);
    }
}
