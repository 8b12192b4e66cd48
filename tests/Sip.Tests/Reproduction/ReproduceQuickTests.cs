using System.Text.Json;
using Sip.Reproduction;
using Sip.Tests.Reporting;
using Sip.Training;

namespace Sip.Tests.Reproduction;

public sealed class ReproduceQuickTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sip-reproduce-").FullName;
    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void QuickReproduction_WritesTheReportTablePlotsAndRawResults()
    {
        // The structure of the report, not its numbers: --quick is too small to say anything about the method.
        var log = new List<string>();
        // --ablateRollouts 2 repeats the quick safety run (K = 2): the same model, trained once, reported twice.
        var settings = new ReproduceSettings { Out = _root, Quick = true, FromScratch = true, AblateRollouts = [2] };
        var report = ReproducePipeline.Run(settings, "sip reproduce --quick --fromScratch --ablateRollouts 2", log.Add);
        Assert.Contains(log, l => l.Contains("SIP safety K=2: the same settings as") && l.EndsWith("sip-safety, reused", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(_root, "runs", "ablate-k2")));

        var markdown = File.ReadAllText(Path.Combine(report, ReportWriter.ReportFile));
        Assert.Contains("| run | GQ std | GQ unsafe | Coherence | Factuality | Safety | Std avg | val ppl |", markdown);
        string[] runs = ["Base (NTP)", ReproducePipeline.NtpRunName, ReproducePipeline.NtpUnsafeRunName, "SIP quality", "SIP factuality", "SIP safety", "RF-NLL safety", "SFT on rewrites", "SIP safety K=2",
            ReproducePipeline.ScratchNtpRunName, "Scratch: SFT on rewrites", "Scratch: RF-NLL suffix vs rewrite", "Scratch: RF-NLL rollout vs rewrite"];
        foreach (var run in runs) Assert.Contains($"| {run} | ", markdown);
        Assert.Contains("## Against continual NTP", markdown);
        Assert.Contains("## The paper's five findings", markdown);
        foreach (var finding in MainFindings.All) Assert.Contains($"| {finding.Claim} ({finding.Column.Header}) | ", markdown);
        // The safety setting's runs stream the hostile documents only; the others, the whole corpus.
        Assert.All(new[] { "sip-safety", "rf-nll", "sft-rewrite", "ntp-unsafe" }, run => Assert.Contains(Sip.World.TinyWorld.FlawsField, SettingsOf(run).Data.SpanField));
        Assert.All(new[] { "ntp", "sip-quality", "sip-factuality" }, run => Assert.Null(SettingsOf(run).Data.SpanField));
        Assert.Contains($"## From scratch: against NTP from scratch ({ReproducePipeline.ScratchNtpRunName})", markdown);
        Assert.Equal((Sip.Reporting.Charts.Width, Sip.Reporting.Charts.Height), ChartsTests.PngSize(Path.Combine(report, ReportWriter.ScratchPlotFile)));
        Assert.Contains("```json", markdown);

        foreach (var plot in ReportWriter.PlotFiles)
            Assert.Equal((Sip.Reporting.Charts.Width, Sip.Reporting.Charts.Height), ChartsTests.PngSize(Path.Combine(report, plot)));

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, ReportWriter.ResultsFile)));
        Assert.Equal(runs, results.RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.All(results.RootElement.EnumerateArray(), r => Assert.Equal(4, r.GetProperty("eval").GetProperty("sets").GetArrayLength())); // three judged sets and the capability items
        Assert.Contains(log, l => l.Contains("report:"));

        // Run again in the same folder: everything is reused, nothing retrained.
        log.Clear();
        ReproducePipeline.Run(settings, "sip reproduce --quick --fromScratch --ablateRollouts 2", log.Add);
        Assert.Contains(log, l => l.Contains("already trained, reused"));
        // Reused runs report the time they took when they were trained, not the moment it took to reuse them.
        var rerun = File.ReadAllText(Path.Combine(report, ReportWriter.ReportFile));
        var (first, second) = (TrainSecondsOf(markdown), TrainSecondsOf(rerun));
        Assert.Equal(first.Count, second.Count);
        Assert.All(first.Zip(second), p => Assert.InRange(p.Second - p.First, 0, 1)); // reusing adds at most a moment
        Assert.True(first.Sum() > 0);
    }

    private Sip.Training.SelfImproving.SipSettings SettingsOf(string run) =>
        Sip.Settings.SettingsFile.Load<Sip.Training.SelfImproving.SipSettings>(Path.Combine(_root, "runs", run, "settings.json"));

    private static List<int> TrainSecondsOf(string markdown) =>
        System.Text.RegularExpressions.Regex.Matches(markdown, @"\((\d+) s of training").Select(m => int.Parse(m.Groups[1].Value)).ToList();

    [Fact]
    public void SeveralSeeds_EachGetAReproduction_AndThePooledReportPairsEveryRunWithNtpPerSeedAndOverAll()
    {
        var settings = new ReproduceSettings { Out = _root, Quick = true, Seeds = [2, 3] };

        var report = ReproducePipeline.Run(settings, "sip reproduce --quick --seeds 2,3", _ => { });

        Assert.All(new ulong[] { 2, 3 }, s => Assert.True(File.Exists(Path.Combine(SeedPool.SeedFolder(_root, s), "report", ReportWriter.ResultsFile))));
        var pooled = File.ReadAllText(Path.Combine(report, SeedPool.ReportFile));
        Assert.Contains("| run | pooled | seed 2 | seed 3 |", pooled);
        Assert.Contains("| finding | pooled | seed 2 | seed 3 | holds | paper |", pooled);
        foreach (var finding in MainFindings.All) Assert.Matches($@"\| {System.Text.RegularExpressions.Regex.Escape(finding.Claim)} \({finding.Column.Header}\) \|.* \| [0-2] of 2 \|", pooled);
        foreach (var column in ComparisonTable.Columns) Assert.Contains($"## {column.Header}", pooled);
        var row = pooled.Split('\n').First(l => l.StartsWith("| SIP safety | ", StringComparison.Ordinal));
        Assert.Equal(4, row.Split('|').Length - 2); // run, pooled, two seeds
        Assert.DoesNotContain("| NTP (continual) |", pooled);
    }

    /// <summary>The learned teacher behind sip teacher serve's server, as the CLI serves it.</summary>
    private sealed class Served(Sip.Server.TeacherServer server) : ITeacherHost
    {
        public string BaseUrl => server.BaseUrl;
        public void Dispose() => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public void ALearnedTeacher_IsPostTrainedInTheFolder_ServedOverHttp_AndAuditedWhileItTeaches()
    {
        // The structure, not the numbers: a quick teacher (6 SFT steps) answers nonsense, which is counted, not scored.
        var settings = new ReproduceSettings { Out = _root, Quick = true, Teacher = ReproduceTeacher.Learned };
        int served = 0;
        var log = new List<string>();
        ITeacherHost Serve(string checkpoint)
        {
            served++;
            return new Served(Sip.Server.TeacherServer.Start(new Sip.Server.ServeSettings { Checkpoint = checkpoint, Port = 0 }));
        }

        var report = ReproducePipeline.Run(settings, "sip reproduce --quick --teacher learned", log.Add, serveTeacher: Serve);

        Assert.Equal(1, served);
        Assert.True(File.Exists(Path.Combine(_root, LearnedTeacher.Folder, "post", "teacher", Sip.Training.Checkpointing.PolicyCheckpoint.WeightsFile)));
        var markdown = File.ReadAllText(Path.Combine(report, ReportWriter.ReportFile));
        Assert.Contains("## The learned teacher", markdown);
        foreach (var run in new[] { "SIP quality (learned judge)", "SIP safety (learned judge)" })
        {
            Assert.Contains($"| {run} | ", markdown);
            var metrics = File.ReadAllText(Path.Combine(_root, "runs", run.StartsWith("SIP quality") ? "sip-quality-learned" : "sip-safety-learned", "metrics.jsonl"));
            Assert.Contains("\"judge/audit_compared\"", metrics);
            Assert.Contains("\"judge/requests\"", metrics); // asked through the chat client, over HTTP
        }
        Assert.Contains(log, l => l.Contains("the learned teacher serves at http://127.0.0.1:"));

        // A rerun reuses the teacher and every run.
        log.Clear();
        ReproducePipeline.Run(settings, "sip reproduce --quick --teacher learned", log.Add, serveTeacher: Serve);
        Assert.DoesNotContain(log, l => l.Contains("teacher data from the world's oracle"));
        Assert.Contains(log, l => l.Contains("already trained, reused"));
    }

    [Fact]
    public void AFolderHoldingAnotherReproduction_IsRefused()
    {
        File.WriteAllText(Path.Combine(_root, "settings.json"), "{\"seed\": 99}");
        var error = Assert.Throws<SipInputException>(() => ReproducePipeline.Run(new ReproduceSettings { Out = _root, Quick = true }, "x", _ => { }));
        Assert.Contains("other settings", error.Message);
    }
}

public class ReproducePlansTests
{
    [Fact]
    public void Ablations_AddRunsThatDifferFromTheSafetyRunOnlyInTheAblatedKnob()
    {
        var settings = new ReproduceSettings { AblateRollouts = [1, 16], AblateNoise = [0.2], AblatePivot = true, AblateObjective = true, AblateSuffixTokens = [64, 128] };
        var data = new Sip.Training.DataSettings { Train = "t.jsonl", SuffixTokens = 32 };
        var teacher = new Sip.Teacher.TeacherSettings { World = "world" };

        var plans = ReproducePipeline.Plans(settings, "/runs/base", data, teacher, "tok.json", new Sip.Model.LlamaConfig());

        Assert.Equal(7 + 7, plans.Count); // base comparison (two NTP runs), then the ablations
        var safety = plans.Single(p => p.Name == "SIP safety").Settings;
        var n128 = plans.Single(p => p.Name == "SIP safety N=128").Settings;
        Assert.Equal(128, n128.Data.SuffixTokens);
        Assert.Equal(safety with { Out = n128.Out, Data = n128.Data }, n128);
        var k1 = plans.Single(p => p.Name == "SIP safety K=1").Settings;
        Assert.Equal(1, k1.Pool.Rollouts);
        Assert.Equal(safety with { Out = k1.Out, Pool = k1.Pool }, k1);
        var noisy = plans.Single(p => p.Name.StartsWith("SIP safety noise")).Settings;
        Assert.Equal(0.2, noisy.Teacher.Oracle.Noise);
        Assert.Equal(Sip.Training.Rewards.QualityComparison.Pivot, plans.Single(p => p.Name == "SIP safety pivot").Settings.Rewards.Comparison);
        Assert.Equal(Sip.Training.Objectives.Method.RfNll, plans.Single(p => p.Name.StartsWith("RF-NLL safety (same pool)")).Settings.Method);
        Assert.All(plans, p => Assert.Equal("/runs/base", p.Settings.Init));
        Assert.All(plans, p => Assert.Equal(ReproducePipeline.NtpRunName, p.Reference));
        Assert.Equal(plans.Count, plans.Select(p => p.Settings.Out).Distinct().Count());
    }

    [Fact]
    public void Table6_AddsThePapersObjectivesAndPools_EachAValidRun()
    {
        var plans = ReproducePipeline.Plans(new ReproduceSettings { AblateTable6 = true }, "/runs/base", new Sip.Training.DataSettings { Train = "t.jsonl" },
            new Sip.Teacher.TeacherSettings { World = "world" }, "tok.json", new Sip.Model.LlamaConfig());

        var table6 = plans.Where(p => p.Name.StartsWith("Table 6: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, table6.Count);
        Assert.All(table6, p => Assert.Empty(p.Settings.Validate()));
        Assert.All(table6, p => Assert.Equal(Sip.Training.Rewards.RewardSetting.QualitySafety, p.Settings.Rewards.Setting));
        var collapse = table6.Single(p => p.Name == "Table 6: SFT on 1 rollout").Settings;
        Assert.Equal((Sip.Training.Objectives.Method.SftRollout, 1), (collapse.Method, collapse.EffectivePool.Rollouts));
        var mixed = table6.Single(p => p.Name == "Table 6: DPO suffix vs rewrite vs 16").Settings.EffectivePool;
        Assert.Equal((true, true, 16), (mixed.Suffix, mixed.Rewrite, mixed.Rollouts));
        var only = table6.Single(p => p.Name == "Table 6: DPO 16 rollouts only").Settings.EffectivePool;
        Assert.Equal((false, false, 16), (only.Suffix, only.Rewrite, only.Rollouts));
        Assert.Equal(plans.Count, plans.Select(p => p.Settings.Out).Distinct().Count());
    }

    [Fact]
    public void GreedyRollout_AddsASipQualityRun_DifferingOnlyInItsPoolsGreedyCandidate()
    {
        var plans = ReproducePipeline.Plans(new ReproduceSettings { AblateGreedyRollout = true }, "/runs/base", new Sip.Training.DataSettings { Train = "t.jsonl" },
            new Sip.Teacher.TeacherSettings { World = "world" }, "tok.json", new Sip.Model.LlamaConfig());

        var quality = plans.Single(p => p.Name == ReproducePipeline.SipQualityName).Settings;
        var greedy = plans.Single(p => p.Name == "SIP quality + greedy").Settings;
        Assert.Empty(greedy.Validate());
        Assert.True(greedy.EffectivePool.GreedyRollout);
        Assert.False(quality.EffectivePool.GreedyRollout);
        Assert.Equal(quality with { Out = greedy.Out, Pool = quality.Pool with { GreedyRollout = true } }, greedy);
        Assert.Equal(plans.Count, plans.Select(p => p.Settings.Out).Distinct().Count());
    }

    [Fact]
    public void JudgePlans_AddASafetyRunAtK16PerPlanAndJudge_DifferingOnlyInThoseKnobs()
    {
        var settings = new ReproduceSettings { AblateJudgePlans = true };
        var plans = ReproducePipeline.Plans(settings, "/runs/base", new Sip.Training.DataSettings { Train = "t.jsonl" }, new Sip.Teacher.TeacherSettings { World = "world" }, "tok.json", new Sip.Model.LlamaConfig());

        var safety = plans.Single(p => p.Name == "SIP safety").Settings;
        var ablations = plans.Where(p => p.Name.StartsWith("SIP safety K=16 ", StringComparison.Ordinal)).ToList();
        Assert.Equal(JudgeCondition.Grid.Count * JudgingPlanStudy.Plans.Length, ablations.Count);
        Assert.All(ablations, p => Assert.Equal(safety with { Out = p.Settings.Out, Pool = p.Settings.Pool, Rewards = p.Settings.Rewards, Teacher = p.Settings.Teacher }, p.Settings));
        Assert.All(ablations, p => Assert.Equal(16, p.Settings.Pool.Rollouts));
        var noisy = ablations.Single(p => p.Settings.Rewards.Comparison == Sip.Training.Rewards.QualityComparison.BestWorst && p.Settings.Teacher.Oracle is { Noise: 0.2, Samples: 5 });
        Assert.Equal(0, noisy.Settings.Teacher.Oracle.PositionBias);
        Assert.Equal(plans.Count, plans.Select(p => p.Settings.Out).Distinct().Count());
    }

    [Fact]
    public void FromScratch_AddsThePapersTable2Runs_AtTheBasesBudget_AgainstNtpOnSuffixes()
    {
        var settings = new ReproduceSettings { FromScratch = true, BaseSteps = 700, BaseLr = 2e-3, Seed = 4 };
        var data = new Sip.Training.DataSettings { Train = "t.jsonl", SuffixTokens = 32 };
        var model = new Sip.Model.LlamaConfig { Dim = 96 };

        var scratch = ReproducePipeline.Plans(settings, "/runs/base", data, new Sip.Teacher.TeacherSettings { World = "world" }, "tok.json", model)
            .Where(p => p.FromScratch).ToList();

        Assert.Equal([ReproducePipeline.ScratchNtpRunName, "Scratch: SFT on rewrites", "Scratch: RF-NLL suffix vs rewrite", "Scratch: RF-NLL rollout vs rewrite"], scratch.Select(p => p.Name));
        Assert.All(scratch, p =>
        {
            Assert.Equal("", p.Settings.Init);
            Assert.Equal(("tok.json", model), (p.Settings.Tokenizer, p.Settings.Model));
            Assert.Equal((700, 2e-3, 4L), (p.Settings.Steps, p.Settings.Optim.Lr, p.Settings.Seed)); // the base's budget and initial weights
            Assert.Equal(ReproducePipeline.ScratchNtpRunName, p.Reference);
        });
        Assert.Equal(LossSpan.Suffix, scratch[0].Settings.NtpLoss);
        var rollout = scratch[3].Settings;
        Assert.Equal((false, true, 1), (rollout.Pool.Suffix, rollout.Pool.Rewrite, rollout.Pool.Rollouts));
        Assert.Equal(Sip.Training.Objectives.Method.RfNll, rollout.Method);
    }
}
