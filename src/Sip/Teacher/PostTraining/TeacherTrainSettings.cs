using System.ComponentModel;
using Sip.Model.Generation;
using Sip.Teacher.Prompts;
using Sip.Training.Grpo;
using Sip.Training.Optimization;
using Sip.Training.Sft;

namespace Sip.Teacher.PostTraining;

/// <summary>
/// <c>sip teacher train</c>: post-train a base checkpoint into a judge and rewriter, the paper's first stage: SFT on
/// the teacher data (the answer format and a first accuracy), then GRPO with verifiable rewards, then the agreement
/// table on the held-out split for the base prompted, after SFT and after GRPO. The stages' own settings are
/// <see cref="Sft"/> and <see cref="Grpo"/>; their init and out folders are the pipeline's.
/// </summary>
public sealed record TeacherTrainSettings : Sip.Settings.ISettingsValidation
{
    [Description("The base checkpoint (a sip checkpoint or an imported Hugging Face model) to post-train; larger than the policy it will teach.")]
    public string Init { get; init; } = "";

    [Description("Teacher data folder with train.jsonl, val.jsonl and test.jsonl (sip teacher data writes one).")]
    public string Data { get; init; } = "";

    [Description("TinyWorld folder whose oracle judges the rewriter's rewards and grades its rewrites in the check.")]
    public string World { get; init; } = "";

    [Description("Output folder: base (with chat markers), sft and grpo runs, teacher (the result), check results and report.md. A rerun resumes.")]
    public string Out { get; init; } = "runs/teacher";

    [Description("The prompt templates the teacher is trained on and saved with: compact (short, for small teachers) or default.")]
    public TemplateSet Templates { get; init; } = TemplateSet.Compact;

    [Description("The SFT stage (its init and out are set by the pipeline).")]
    public SftSettings Sft { get; init; } = new() { Init = "(pipeline)", Steps = 500, BatchSize = 16, MicroBatch = 16, EvalEvery = 100, CheckpointEvery = 100, Optim = new() { Lr = 1e-3, WarmupSteps = 25, WeightDecay = 0 } };

    [Description("The GRPO stage (its init and out are set by the pipeline).")]
    public GrpoSettings Grpo { get; init; } = new()
    {
        Init = "(pipeline)", Steps = 60, Group = 8, PromptsPerStep = 16, MaxCompletionTokens = 64, MicroBatch = 64, CheckpointEvery = 20, SampleLogEvery = 5,
        Optim = new OptimSettings { Lr = 3e-5, WarmupSteps = 0, WeightDecay = 0 }, Sampling = new SamplingSettings { Temperature = 1.0 },
    };

    [Description("GRPO rewards a quality verdict only when it is right in both orders of its pair (position consistency); false rewards each order alone.")]
    public bool QualityBothOrders { get; init; }

    [Description("The judge whose verdicts reward the rewriter in GRPO (quality against the suffix, safety, factuality); unset, the oracle of world.")]
    public TeacherSettings? RewardJudge { get; init; }

    [Description("Measure the agreement table on the test split after training (base prompted, SFT, GRPO).")]
    public bool Check { get; init; } = true;

    [Description("Test examples per task in the check; 0 uses them all.")]
    public int CheckLimit { get; init; }

    [Description("Requests decoded together in the check.")]
    public int CheckBatch { get; init; } = 32;

    [Description("CPU threads for libtorch; 0 keeps its default.")]
    public int Threads { get; init; }

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Init)) yield return "init: the base checkpoint to post-train";
        if (string.IsNullOrWhiteSpace(Data)) yield return "data: the teacher data folder (sip teacher data --out FOLDER writes one)";
        else if (!Directory.Exists(Data)) yield return $"data: folder not found: {Data}";
        if (string.IsNullOrWhiteSpace(World)) yield return "world: the TinyWorld folder whose oracle rewards the rewriter and grades the check";
        if (RewardJudge?.Kind == TeacherKind.Model) yield return "rewardJudge.kind: a model teacher cannot reward the rewriter it is training alongside; use tinyWorld, chat or gguf";
        if (string.IsNullOrWhiteSpace(Out)) yield return "out: must name a folder";
        if (CheckLimit < 0) yield return $"checkLimit: must be 0 or more, got {CheckLimit}";
        if (CheckBatch < 1) yield return $"checkBatch: must be positive, got {CheckBatch}";
        if (Threads < 0) yield return $"threads: must be 0 or more, got {Threads}";
    }
}
