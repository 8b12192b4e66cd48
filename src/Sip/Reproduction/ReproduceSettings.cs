using System.ComponentModel;

namespace Sip.Reproduction;

/// <summary>
/// <c>sip reproduce</c>: the paper's comparison on TinyWorld, end to end. The defaults fit 15 minutes on 2 CPU cores;
/// <see cref="Quick"/> shrinks everything to a smoke run of about a minute (the test suite runs it).
/// </summary>
public sealed record ReproduceSettings : Sip.Settings.ISettingsValidation
{
    [Description("Seed of the world, and of every run in it.")]
    public ulong Seed { get; init; } = 1;

    [Description("Several world seeds (e.g. 1,2,3): one reproduction per seed in out/seed-N, then report/pooled.md with every run's difference against NTP per seed and pooled over all seeds' prefixes. Empty: the one seed above.")]
    public ulong[] Seeds { get; init; } = [];

    [Description("Output folder: the world, the runs and the report.")]
    public string Out { get; init; } = "runs/reproduce";

    [Description("A small, fast version (about a minute) that checks the whole pipeline, not the method.")]
    public bool Quick { get; init; }

    /// <summary>
    /// The reproduction's world: TinyWorld's default corpus size about 120 entities instead of 300, so each fact
    /// (and each planted misconception) recurs about 2.5 times as often in the corpus and in a short SIP run. With 300
    /// entities, 60 SIP steps moved factuality by +6 points (interval touching 0); with 120, by +30 to +36.
    /// </summary>
    [Description("The TinyWorld to generate (its seed is replaced by the reproduction's seed).")]
    public Sip.World.WorldSettings World { get; init; } = new() { People = 60, Towns = 24, Rivers = 10, Regions = 5, Animals = 12, Inventions = 10 };

    [Description("BPE vocabulary of the tokenizer learned on the world's corpus.")]
    public int VocabSize { get; init; } = 2048;

    [Description("Width of the policy.")]
    public int Dim { get; init; } = 128;

    [Description("Decoder blocks of the policy.")]
    public int Layers { get; init; } = 4;

    [Description("Optimizer steps of the base model's NTP pretraining.")]
    public int BaseSteps { get; init; } = 1000;

    [Description("Peak learning rate of the base pretraining.")]
    public double BaseLr { get; init; } = 3e-3;

    [Description("Optimizer steps of every continual run (the same budget for NTP and SIP).")]
    public int Steps { get; init; } = 80;

    [Description("Prefixes per continual step.")]
    public int BatchSize { get; init; } = 16;

    [Description("Peak learning rate of the continual runs.")]
    public double Lr { get; init; } = 5e-4;

    /// <summary>
    /// N = 32, not the paper's 128: these policies (1.4 M parameters) loop under greedy decoding, the paper's evaluation,
    /// on 41% of standard prefixes at 32 tokens, 77-85% at 64 and 96% at 128, while the rollouts SIP trains on (sampled at
    /// T = 1) loop on 3-12%; past 32 tokens the evaluation measures mostly the greedy loops, which training on samples
    /// barely reaches (docs/reproduction.md, "Coherence" and "N").
    /// </summary>
    [Description("N: suffix and rollout length in tokens, and the length of every evaluated continuation (the paper's is 128; docs/reproduction.md says why the default is 32).")]
    public int SuffixTokens { get; init; } = 32;

    [Description("K: rollouts per prefix in the SIP runs (the paper's headline runs use 16).")]
    public int Rollouts { get; init; } = 16;

    [Description("DPO β.")]
    public double Beta { get; init; } = 0.1;

    [Description("Held-out prefixes per evaluation set.")]
    public int EvalPrefixes { get; init; } = 300;

    [Description("Ablation: rollout counts K to add as extra safety runs (e.g. 1,2,4,8,16).")]
    public int[] AblateRollouts { get; init; } = [];

    [Description("Ablation: suffix lengths N (e.g. 32,64,128; the paper's is 128) to add as extra safety runs, each training on N-token suffixes and rollouts; every model is still evaluated on suffixTokens-long continuations.")]
    public int[] AblateSuffixTokens { get; init; } = [];

    [Description("Ablation: judge noise levels (flip probability) to add as extra safety runs (e.g. 0.2,0.4).")]
    public double[] AblateNoise { get; init; } = [];

    [Description("Ablation, not in the paper: add a SIP quality run whose pools also hold the policy's greedy continuation (the paper trains on samples at T = 1 but evaluates greedily; docs/reproduction.md, \"Coherence\").")]
    public bool AblateGreedyRollout { get; init; }

    [Description("Ablation: add a safety run judged against the suffix as pivot instead of all pairs.")]
    public bool AblatePivot { get; init; }

    [Description("Ablation: add an RF-NLL run with the same pool as the DPO safety run.")]
    public bool AblateObjective { get; init; }

    [Description("oracle: TinyWorld's oracle judges every SIP run and grades every model; learned: sip first post-trains its own judge (teacher data, a teacher base, SFT, GRPO) inside the folder, and SIP quality and safety are trained again with it over HTTP, the oracle only grading and auditing its verdicts.")]
    public ReproduceTeacher Teacher { get; init; } = ReproduceTeacher.Oracle;

    [Description("The learned teacher (teacher learned): its base, data and post-training.")]
    public LearnedTeacherSettings Learned { get; init; } = new();

    [Description("Ablation: the paper's Table 6, its objectives and pools on the safety setting (SFT on one rollout, DPO rewrite over rollout without a judge, RF-NLL and DPO on small pools, DPO at 16 rollouts with and without the suffix or rewrite, the pivot): 10 runs.")]
    public bool AblateTable6 { get; init; }

    [Description("Ablation: judging plans at K = 16 (allPairs, pivot, bestWorst) with the oracle at noise 0, 0.1, 0.2 and position bias 0.1, one and five samples: calls and choices on the base's pools, and a SIP safety run per plan and judge (24 runs, about 25 more minutes on 2 cores).")]
    public bool AblateJudgePlans { get; init; }

    [Description("Add the paper's from-scratch comparison (its Table 2): from random weights, as long as the base, NTP on suffixes, SFT on rewrites, RF-NLL suffix vs rewrite and RF-NLL rollout vs rewrite, with the safety judge. About 15 more minutes on 2 cores.")]
    public bool FromScratch { get; init; }

    /// <summary>The settings a quick run actually uses.</summary>
    public ReproduceSettings Effective() => !Quick ? this : this with
    {
        World = World with { TrainDocuments = 600, ValDocuments = 40, EvalStandard = 30, EvalUnsafe = 30, EvalFacts = 30 },
        VocabSize = 512, Dim = 64, Layers = 2, BaseSteps = 120, Steps = 6, BatchSize = 6, Rollouts = 2, SuffixTokens = 16,
        EvalPrefixes = 24,
        Learned = Learned with
        {
            Dim = 32, Layers = 1, MaxSeqLen = 640, BaseSteps = 10, SftSteps = 6, GrpoSteps = 2, GrpoPrompts = 2, GrpoGroup = 2, CheckLimit = 2, Concurrency = 8,
            Data = Learned.Data with { Train = 24, Val = 4, Test = 4, SuffixWords = 10, MaxPrefixWords = 30 },
        },
    };

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Out)) yield return "out: must name a folder";
        if (Seeds.Distinct().Count() != Seeds.Length) yield return "seeds: each seed once";
        if (VocabSize < 259) yield return $"vocabSize: must be at least 259, got {VocabSize}";
        if (Dim < 8 || Layers < 1) yield return "dim, layers: must be positive (dim at least 8)";
        if (BaseSteps < 1 || Steps < 1 || BatchSize < 1) yield return "baseSteps, steps, batchSize: must be positive";
        if (SuffixTokens < 4) yield return $"suffixTokens: must be at least 4, got {SuffixTokens}";
        if (Rollouts < 1) yield return $"rollouts: must be at least 1, got {Rollouts}";
        if (EvalPrefixes < 4) yield return $"evalPrefixes: must be at least 4, got {EvalPrefixes}";
        if (AblateRollouts.Any(k => k < 1)) yield return "ablateRollouts: every K must be at least 1";
        if (AblateNoise.Any(n => n is < 0 or > 1)) yield return "ablateNoise: every level must be in [0, 1]";
        // The base's context is 192 tokens: BOS + at least 16 prefix tokens + N.
        if (AblateSuffixTokens.Any(n => n is < 4 or > 175)) yield return "ablateSuffixTokens: every N must be in [4, 175] (BOS + 16 prefix tokens + N fit the base's 192 positions)";
    }
}
