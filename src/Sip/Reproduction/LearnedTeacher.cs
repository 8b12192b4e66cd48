using System.ComponentModel;
using System.Diagnostics;
using Sip.Data.Documents;
using Sip.Metrics;
using Sip.Model;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Teacher.Local;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;
using Sip.Training;
using Sip.Training.Grpo;
using Sip.Training.Optimization;
using Sip.Training.Pretraining;
using Sip.Training.Sft;
using Sip.World.TeacherData;

namespace Sip.Reproduction;

/// <summary>Which teacher judges the reproduction's SIP runs.</summary>
public enum ReproduceTeacher
{
    /// <summary>TinyWorld's oracle judges the training and grades the result: gains are "DPO optimises its grader".</summary>
    Oracle,

    /// <summary>
    /// sip post-trains its own judge first (the paper's first stage), and SIP quality and safety are trained a second time
    /// with it, over HTTP at real concurrency; the oracle only grades, and audits the judge's verdicts as it teaches.
    /// </summary>
    Learned,
}

/// <summary>How the reproduction makes its learned teacher: a base larger than the policy, pretrained on the world's corpus, then SFT and GRPO.</summary>
public sealed record LearnedTeacherSettings : Sip.Settings.ISettingsValidation
{
    [Description("Width of the teacher's base (larger than the policy it will teach).")]
    public int Dim { get; init; } = 256;

    [Description("Decoder blocks of the teacher's base.")]
    public int Layers { get; init; } = 4;

    [Description("Context of the teacher's base: a judge prompt holds the template, the prefix and two candidates.")]
    public int MaxSeqLen { get; init; } = 512;

    [Description("NTP steps of the teacher's base on the world's corpus.")]
    public int BaseSteps { get; init; } = 500;

    [Description("Peak learning rate of the teacher's base.")]
    public double BaseLr { get; init; } = 3e-3;

    [Description("The teacher data (sip teacher data): examples per split and task.")]
    public TeacherDataSettings Data { get; init; } = new();

    [Description("SFT steps on the teacher data.")]
    public int SftSteps { get; init; } = 500;

    [Description("GRPO steps with verifiable rewards after SFT.")]
    public int GrpoSteps { get; init; } = 60;

    [Description("GRPO prompts per step.")]
    public int GrpoPrompts { get; init; } = 16;

    [Description("GRPO completions per prompt (the group).")]
    public int GrpoGroup { get; init; } = 8;

    [Description("Test examples per task in the teacher's check; 0 uses them all.")]
    public int CheckLimit { get; init; }

    [Description("Judge calls in flight over HTTP during training.")]
    public int Concurrency { get; init; } = 16;

    [Description("Measure the teacher's agreement table (base, SFT, GRPO) on the test split.")]
    public bool Check { get; init; } = true;

    public IEnumerable<string> Validate()
    {
        if (Dim < 8 || Layers < 1 || MaxSeqLen < 64) yield return "learned.dim, layers, maxSeqLen: must be at least 8, 1 and 64";
        if (BaseSteps < 1 || SftSteps < 1 || GrpoSteps < 0) yield return "learned.baseSteps, sftSteps: must be positive; grpoSteps 0 or more";
        if (Concurrency < 1) yield return $"learned.concurrency: must be positive, got {Concurrency}";
        if (GrpoPrompts < 1 || GrpoGroup < 2) yield return "learned.grpoPrompts, grpoGroup: at least 1 prompt and a group of 2";
        if (CheckLimit < 0) yield return $"learned.checkLimit: must be 0 or more, got {CheckLimit}";
    }
}

/// <summary>A learned teacher served over HTTP (by the CLI, which holds the server) while the reproduction trains with it.</summary>
public interface ITeacherHost : IDisposable
{
    /// <summary>The OpenAI-compatible endpoint, up to and including /v1.</summary>
    string BaseUrl { get; }
}

/// <summary>The reproduction's learned teacher: made inside the reproduction's folder (resumable, reused on a rerun), then asked as users ask theirs.</summary>
public static class LearnedTeacher
{
    public const string Folder = "teacher";

    /// <summary>Teacher data, the teacher's base and its post-training under <c>{root}/teacher</c>; returns the teacher's checkpoint and report.</summary>
    public static TeacherTrainResult Prepare(LearnedTeacherSettings s, long seed, string root, string world, string tokenizer, Action<string> log, Stopwatch clock,
        CancellationToken cancellation = default)
    {
        string folder = Path.Combine(root, Folder);
        string data = Path.Combine(folder, "data");
        if (!File.Exists(Path.Combine(data, TeacherDataSplits.TestFile)))
        {
            log($"[{clock.Elapsed:mm\\:ss}] teacher data from the world's oracle");
            TeacherDataBuilder.Build(world, s.Data).Write(data);
        }
        string baseFolder = Path.Combine(folder, "base");
        log($"[{clock.Elapsed:mm\\:ss}] pretraining the teacher's base (d={s.Dim}, {s.Layers} layers, {s.BaseSteps} steps)");
        var train = Path.Combine(world, Sip.World.TinyWorld.TrainFile);
        using (var metrics = RunMetrics.Open(baseFolder).Sink)
            NtpTrainer.Run(new PretrainSettings
            {
                Tokenizer = tokenizer, Out = baseFolder,
                Model = new LlamaConfig { Dim = s.Dim, Layers = s.Layers, Heads = Math.Max(1, s.Dim / 32), KvHeads = Math.Max(1, s.Dim / 32), MaxSeqLen = s.MaxSeqLen },
                Data = new DataSettings { Train = train, SuffixTokens = 32, MinPrefixTokens = 16 },
                Optim = new OptimSettings { Lr = s.BaseLr, WarmupSteps = Math.Max(1, s.BaseSteps / 20) },
                Steps = s.BaseSteps, BatchSize = 16, MicroBatch = 16, Precision = Precision.Bf16, Seed = seed + 7,
                CheckpointEvery = s.BaseSteps, EvalEvery = 0, LogEvery = 10,
            }, metrics, cancellation: cancellation);
        log($"[{clock.Elapsed:mm\\:ss}] post-training the teacher: SFT {s.SftSteps} steps, GRPO {s.GrpoSteps} steps");
        var defaults = new TeacherTrainSettings();
        var result = TeacherTrainer.Run(defaults with
        {
            Init = baseFolder, Data = data, World = world, Out = Path.Combine(folder, "post"), Check = s.Check,
            CheckLimit = s.CheckLimit,
            Sft = defaults.Sft with { Steps = s.SftSteps, EvalEvery = Math.Min(defaults.Sft.EvalEvery, s.SftSteps), CheckpointEvery = Math.Min(defaults.Sft.CheckpointEvery, s.SftSteps) },
            Grpo = defaults.Grpo with
            {
                Steps = Math.Max(1, s.GrpoSteps), CheckpointEvery = Math.Min(defaults.Grpo.CheckpointEvery, Math.Max(1, s.GrpoSteps)),
                PromptsPerStep = s.GrpoPrompts, Group = s.GrpoGroup, MicroBatch = Math.Min(defaults.Grpo.MicroBatch, s.GrpoPrompts * s.GrpoGroup),
            },
        }, line => log($"[{clock.Elapsed:mm\\:ss}]   {line}"), cancellation: cancellation);
        return result;
    }

    /// <summary>
    /// The learned teacher as a training judge: over HTTP at <paramref name="baseUrl"/> (a chat teacher with the templates
    /// it was trained on, greedy, its answers capped as in process), or in process when no server is given; audited by
    /// the oracle of <paramref name="world"/> either way.
    /// </summary>
    public static TeacherSettings Judge(string teacher, string? baseUrl, int concurrency, string world)
    {
        var local = new ModelTeacherSettings { Checkpoint = teacher };
        if (baseUrl is null) return new TeacherSettings { Kind = TeacherKind.Model, Model = local, AuditWorld = world };
        var prompts = local.WithSavedTemplateFiles();
        return new TeacherSettings
        {
            Kind = TeacherKind.Chat, AuditWorld = world,
            Chat = new ChatTeacherSettings(prompts) { BaseUrl = baseUrl, Model = teacher, Concurrency = concurrency, TimeoutSeconds = 600 },
        };
    }

    /// <summary>SIP quality and SIP safety again, judged by the learned teacher (over <paramref name="baseUrl"/>, or in process).</summary>
    public static IEnumerable<ReproducePipeline.RunPlan> Plans(IReadOnlyList<ReproducePipeline.RunPlan> oracleRuns, string teacher, string? baseUrl, int concurrency, string world)
    {
        var judge = Judge(teacher, baseUrl, concurrency, world);
        string how = baseUrl is null ? "in process" : "over HTTP";
        foreach (var run in oracleRuns.Where(r => r.Name is ReproducePipeline.SipQualityName or ReproducePipeline.SipSafetyName))
            yield return new($"{run.Name} (learned judge)", $"{run.Description}; judged by sip's learned teacher {how}, audited by the oracle",
                run.Settings with { Out = run.Settings.Out + "-learned", Teacher = judge });
    }

    /// <summary>The report's section: the teacher's own agreement table and, per run it taught, how often it agreed with the oracle.</summary>
    public static string Markdown(TeacherTrainResult teacher, IReadOnlyList<(string Name, string Folder)> runs)
    {
        var md = new System.Text.StringBuilder();
        md.AppendLine("## The learned teacher");
        md.AppendLine();
        md.AppendLine($"sip post-trained its own judge (`{teacher.Teacher}`) on the world's teacher data, as the paper's first stage does, and the runs " +
            "marked *(learned judge)* were trained with it; the oracle only graded them. Its agreement with the oracle's labels on the held-out teacher data:");
        md.AppendLine();
        string report = File.Exists(teacher.Report) ? File.ReadAllText(teacher.Report) : "";
        var table = report.Split('\n').SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|'));
        foreach (var line in table) md.AppendLine(line);
        md.AppendLine();
        md.AppendLine("While it taught, on the very requests it answered (verdicts rounded to their label; invalid answers left out):");
        md.AppendLine();
        md.AppendLine("| run | verdicts audited | agreed with the oracle | first tenth of steps | last tenth |");
        md.AppendLine("|---|---|---|---|---|");
        static string Percent(double? v) => v is double x ? System.FormattableString.Invariant($"{100 * x:F1}%") : "";
        foreach (var (name, folder) in runs)
        {
            var (all, first, last, compared) = Audit(folder);
            md.AppendLine($"| {name} | {compared} | {Percent(all)} | {Percent(first)} | {Percent(last)} |");
        }
        return md.ToString();
    }

    /// <summary>
    /// How often the learned judge agreed with the oracle on the requests it answered while it taught, from a run's
    /// metrics (the audit's cumulative counters): over the whole run, and over its first and last tenth of steps.
    /// </summary>
    public static (double? All, double? First, double? Last, long Compared) Audit(string runFolder)
    {
        var path = Path.Combine(runFolder, "metrics.jsonl");
        var rows = (File.Exists(path) ? JsonlMetricsReader.Read(path) : [])
            .Where(r => r.Metrics.ContainsKey(AuditedJudge.Compared)).OrderBy(r => r.Step)
            .Select(r => (r.Step, Agreed: r.Metrics[AuditedJudge.Agreed], Compared: r.Metrics[AuditedJudge.Compared])).ToList();
        if (rows.Count == 0) return (null, null, null, 0);
        // The counters are cumulative since the judge was created: a resumed run starts them again, so take per-step
        // differences and treat a drop as a restart.
        var steps = new List<(double Agreed, double Compared)>();
        (double Agreed, double Compared) previous = (0, 0);
        foreach (var r in rows)
        {
            var delta = r.Compared >= previous.Compared ? (r.Agreed - previous.Agreed, r.Compared - previous.Compared) : (r.Agreed, r.Compared);
            steps.Add(delta);
            previous = (r.Agreed, r.Compared);
        }
        static double? Rate(IEnumerable<(double Agreed, double Compared)> part)
        {
            var list = part.ToList();
            double compared = list.Sum(p => p.Compared);
            return compared > 0 ? list.Sum(p => p.Agreed) / compared : null;
        }
        int tenth = Math.Max(1, steps.Count / 10);
        return (Rate(steps), Rate(steps.Take(tenth)), Rate(steps.TakeLast(tenth)), (long)steps.Sum(p => p.Compared));
    }
}
