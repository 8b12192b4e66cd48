using System.Diagnostics;
using Sip.Data.Documents;
using Sip.Data.Tokenization;
using Sip.Evaluation;
using Sip.Metrics;
using Sip.Model;
using Sip.Settings;
using Sip.Teacher;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.Optimization;
using Sip.Training.Pretraining;
using Sip.Training.Rewards;
using Sip.Training.SelfImproving;
using Sip.World;
using Sip.World.Oracle;

namespace Sip.Reproduction;

/// <summary>
/// The paper's comparison, end to end, on TinyWorld (Tables 1, 2 and 6 in spirit): generate the world; learn a tokenizer;
/// pretrain a base model by NTP; from that base, train for the same budget continual NTP, SIP (online DPO) in the
/// quality, factuality and safety settings, RF-NLL, and SFT on rewrites (plus any ablations); evaluate every model
/// against the base with the oracle judge; write the report. Every stage writes into one output folder.
/// </summary>
public static class ReproducePipeline
{
    /// <summary>One run to train: continual (from the base) or from scratch; <paramref name="Reference"/> names the run its paired differences are taken against.</summary>
    public sealed record RunPlan(string Name, string Description, SipSettings Settings, string Reference = NtpRunName)
    {
        public bool FromScratch => string.IsNullOrEmpty(Settings.Init);
    }

    /// <param name="requested">The settings.</param>
    /// <param name="command">The command line, for the report.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="cancellation">Stops between steps (runs resume on a rerun).</param>
    /// <param name="serveTeacher">Serves the learned teacher's checkpoint over HTTP (the CLI starts sip teacher serve's server); null asks it in process.</param>
    public static string Run(ReproduceSettings requested, string command, Action<string> log, CancellationToken cancellation = default,
        Func<string, ITeacherHost>? serveTeacher = null)
    {
        SettingsValidator.ThrowIfInvalid(requested);
        if (requested.Seeds.Length > 0)
        {
            // One reproduction per seed, each resumable in its own folder, then the pooled comparison.
            var root0 = Path.GetFullPath(requested.Out);
            foreach (var seed in requested.Seeds)
            {
                log($"=== seed {seed} ===");
                Run(requested with { Seeds = [], Seed = seed, Out = SeedPool.SeedFolder(root0, seed) }, command + $" (seed {seed})", log, cancellation, serveTeacher);
            }
            var pooled = SeedPool.Write(root0, requested.Seeds, requested.Effective().Quick ? 200 : 2000);
            log($"pooled report: {pooled}");
            return Path.GetDirectoryName(pooled)!;
        }
        var s = requested.Effective();
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(s.Out);
        Directory.CreateDirectory(root);
        // A reproduction resumes where it stopped (finished runs are reused, interrupted ones resume from their
        // checkpoints) — but only with the very settings it started with.
        var settingsFile = Path.Combine(root, "settings.json");
        if (File.Exists(settingsFile) && File.ReadAllText(settingsFile).Trim() != SettingsFile.ToJson(s).Trim())
            throw new SipInputException(settingsFile, null, "this folder holds a reproduction with other settings; choose another --out or delete it");
        SettingsFile.Save(s, settingsFile);

        var (worldFolder, tokenizerPath, baseFolder, data, model, baseSeconds) = PrepareBase(s, root, log, clock, cancellation);
        string val = data.Val!;

        var teacher = new TeacherSettings { World = worldFolder };
        var sections = new List<string>();
        if (s.AblateJudgePlans)
        {
            log($"[{clock.Elapsed:mm\\:ss}] judging plans at K={JudgingPlanStudy.Rollouts} on the base's pools");
            var pools = JudgingPlanStudy.Pools(baseFolder, data, JudgingPlanStudy.Rollouts, s.Quick ? 12 : 8 * s.BatchSize, (long)s.Seed);
            sections.Add(JudgingPlanStudy.Markdown(JudgingPlanStudy.Compare(pools, worldFolder, RewardSetting.QualitySafety, JudgeCondition.Grid, (long)s.Seed, s.BatchSize)));
        }
        var plans = Plans(s, baseFolder, data, teacher, tokenizerPath, model).ToList();
        Sip.Teacher.PostTraining.TeacherTrainResult? learned = null;
        ITeacherHost? host = null;
        if (s.Teacher == ReproduceTeacher.Learned)
        {
            learned = LearnedTeacher.Prepare(s.Learned, (long)s.Seed, root, worldFolder, tokenizerPath, log, clock, cancellation);
            host = serveTeacher?.Invoke(learned.Teacher);
            if (host is not null) log($"[{clock.Elapsed:mm\\:ss}] the learned teacher serves at {host.BaseUrl}");
            plans.AddRange(LearnedTeacher.Plans(plans, learned.Teacher, host?.BaseUrl, s.Learned.Concurrency, worldFolder).ToList());
        }
        using var _host = host;
        var runs = new List<(RunPlan Plan, string Folder, double Seconds)>();
        // A plan whose settings equal an earlier one's but for its folder (an ablation that repeats a default run, such
        // as K = 16 under --ablateRollouts) is the same model: trained once, reported under both names.
        var trainedAs = new Dictionary<string, (string Folder, double Seconds)>();
        foreach (var plan in plans)
        {
            string identity = SettingsFile.ToJson(plan.Settings with { Out = "" });
            if (trainedAs.TryGetValue(identity, out var same))
            {
                log($"[{clock.Elapsed:mm\\:ss}] {plan.Name}: the same settings as {same.Folder}, reused");
                runs.Add((plan, same.Folder, same.Seconds));
                continue;
            }
            log($"[{clock.Elapsed:mm\\:ss}] training {plan.Name} ({plan.Description})");
            var runClock = Stopwatch.StartNew();
            var settings = plan.Settings;
            using var teacherHandle = settings.NeedsTeacher ? TeacherFactory.Create(settings.Teacher) : null;
            IJudge? judge = teacherHandle?.Judge;
            IRewriter? rewriter = teacherHandle?.Rewriter;
            using (var metrics = RunMetrics.Open(settings.Out).Sink)
                SipTrainer.Run(settings, judge, rewriter, metrics, cancellation: cancellation);
            runs.Add((plan, settings.Out, TrainingTime.Add(settings.Out, runClock.Elapsed.TotalSeconds)));
            trainedAs[identity] = (settings.Out, runs[^1].Seconds);
        }

        using var evalTeacher = TeacherFactory.Create(teacher);
        var evalJudge = evalTeacher.Judge;
        string[] sets = ["standard=" + Path.Combine(worldFolder, "eval", "standard.jsonl"), "unsafe=" + Path.Combine(worldFolder, "eval", "unsafe.jsonl"), "facts=" + Path.Combine(worldFolder, "eval", "facts.jsonl")];
        EvalSettings EvalOf(string folder) => new()
        {
            Checkpoint = folder, Baseline = baseFolder, Sets = sets, Limit = s.EvalPrefixes, MaxNewTokens = s.SuffixTokens,
            BatchSize = 32, Val = val, Choices = Path.Combine(worldFolder, TinyWorld.ChoicesFile), ValSamples = s.Quick ? 16 : 200, Resamples = s.Quick ? 200 : 2000, Teacher = teacher,
        };
        log($"[{clock.Elapsed:mm\\:ss}] evaluating {runs.Count + 1} models against the base");
        var continuations = new ContinuationMemo(); // the base is decoded once, not once per model
        var baseEval = Evaluator.Run(EvalOf(baseFolder), evalJudge, cancellation, continuations);
        var baseRun = new RunSummary(BaseRunName, $"NTP from scratch, {s.BaseSteps} steps", baseFolder, baseEval, baseSeconds);
        var summaries = new List<RunSummary>();
        foreach (var (plan, folder, seconds) in runs)
        {
            var eval = Evaluator.Run(EvalOf(folder), evalJudge, cancellation, continuations);
            summaries.Add(new RunSummary(plan.Name, plan.Description, folder, eval, seconds) { Reference = plan.Reference, FromScratch = plan.FromScratch });
        }

        if (learned is not null)
            sections.Add(LearnedTeacher.Markdown(learned, runs.Where(r => r.Plan.Settings.Teacher.AuditWorld.Length > 0).Select(r => (r.Plan.Name, r.Folder)).ToList()));
        var reportFolder = Path.Combine(root, "report");
        ReportWriter.Write(reportFolder, command, SettingsFile.ToJson(s), baseRun, summaries, clock.Elapsed,
            s.Quick ? ["--quick: a smoke run of the pipeline; its numbers say nothing about the method."] : [], sections);
        log($"[{clock.Elapsed:mm\\:ss}] report: {Path.Combine(reportFolder, ReportWriter.ReportFile)}");
        return reportFolder;
    }

    /// <summary>
    /// The world, the tokenizer and the base model (NTP pretraining) of a reproduction in <paramref name="root"/>: the world and
    /// the tokenizer are written again (they are deterministic), the base is reused once trained.
    /// </summary>
    public static (string World, string Tokenizer, string Base, DataSettings Data, LlamaConfig Model, double BaseSeconds) PrepareBase(
        ReproduceSettings s, string root, Action<string> log, Stopwatch clock, CancellationToken cancellation = default)
    {
        var worldFolder = Path.Combine(root, "world");
        log($"[{clock.Elapsed:mm\\:ss}] generating TinyWorld (seed {s.Seed}) → {worldFolder}");
        var worldSettings = s.World with { Seed = s.Seed };
        TinyWorld.Generate(worldSettings, worldFolder);
        string train = Path.Combine(worldFolder, TinyWorld.TrainFile), val = Path.Combine(worldFolder, TinyWorld.ValFile);

        var tokenizerPath = Path.Combine(root, "tokenizer.json");
        log($"[{clock.Elapsed:mm\\:ss}] learning a {s.VocabSize}-token BPE");
        var documents = DocumentSource.Open(train);
        BpeTrainer.Train(documents.Read(new DataStats()).Select(d => d.Text), new BpeTrainerOptions { VocabSize = s.VocabSize }, cancellation).Save(tokenizerPath);

        var model = new LlamaConfig { Dim = s.Dim, Layers = s.Layers, Heads = Math.Max(1, s.Dim / 32), KvHeads = Math.Max(1, s.Dim / 32), MaxSeqLen = 192 };
        var data = new DataSettings { Train = train, Val = val, SuffixTokens = s.SuffixTokens, MinPrefixTokens = 16 };
        var baseFolder = Path.Combine(root, "runs", "base");
        log($"[{clock.Elapsed:mm\\:ss}] pretraining the base model by NTP ({s.BaseSteps} steps)");
        var baseClock = Stopwatch.StartNew();
        // Resume-aware: a rerun continues an interrupted run, so its earlier metrics must stay.
        using (var metrics = RunMetrics.Open(baseFolder).Sink)
        {
            var result = NtpTrainer.Run(new PretrainSettings
            {
                Tokenizer = tokenizerPath, Out = baseFolder, Model = model, Data = data,
                Optim = new OptimSettings { Lr = s.BaseLr, WarmupSteps = Math.Max(1, s.BaseSteps / 20) },
                Steps = s.BaseSteps, BatchSize = 16, MicroBatch = 16, Precision = Precision.Bf16, Seed = (long)s.Seed,
                CheckpointEvery = s.BaseSteps, EvalEvery = 0, EvalSamples = 64, LogEvery = 10,
            }, metrics, cancellation: cancellation);
            log(result.Losses.Count == 0
                ? $"[{clock.Elapsed:mm\\:ss}]   base: already trained, reused"
                : $"[{clock.Elapsed:mm\\:ss}]   base: loss {result.Losses[^1]:F3}, val loss {result.FinalValLoss:F3}");
        }
        double baseSeconds = TrainingTime.Add(baseFolder, baseClock.Elapsed.TotalSeconds);

        return (worldFolder, tokenizerPath, baseFolder, data, model, baseSeconds);
    }

    public const string BaseRunName = "Base (NTP)";
    public const string NtpRunName = "NTP (continual)";
    public const string NtpUnsafeRunName = "NTP (unsafe stream)";

    /// <summary>
    /// The safety setting's stream: TinyWorld's documents that turn hostile, each cut so that the prefix reaches into
    /// the hostile part (TinyWorld's analogue of the paper's unsafe filter on RedPajama, §2).
    /// </summary>
    public static DataSettings UnsafeStream(DataSettings data) => data with { SpanField = TinyWorld.FlawsField, AnchorKinds = TinyWorld.HostileSpanKinds };
    public const string SipQualityName = "SIP quality", SipFactualityName = "SIP factuality", SipSafetyName = "SIP safety";
    public const string ScratchNtpRunName = "Scratch: NTP on suffixes";

    /// <summary>The continual runs: the paper's comparison, then any ablations asked for, then the from-scratch runs if asked for.</summary>
    public static IReadOnlyList<RunPlan> Plans(ReproduceSettings s, string baseFolder, DataSettings data, TeacherSettings teacher, string tokenizer, LlamaConfig model)
    {
        // The safety setting (the quality + safety reward) streams the hostile documents, each cut so that its prefix
        // reaches into the hostile part: the paper's safety runs train on RedPajama filtered to unsafe text (§2), so
        // most prefixes carry a safety signal. Quality and factuality read the whole corpus.
        var unsafeData = UnsafeStream(data);
        SipSettings Run(string folder, Method method, bool suffix, bool rewrite, int rollouts, RewardSetting reward) => new()
        {
            Init = baseFolder, Out = Path.Combine(Path.GetDirectoryName(baseFolder)!, folder), Method = method, Teacher = teacher,
            Data = reward == RewardSetting.QualitySafety ? unsafeData : data,
            Pool = new CandidatePoolSettings { Suffix = suffix, Rewrite = rewrite, Rollouts = rollouts },
            Rewards = new RewardSettings { Setting = reward },
            Dpo = new DpoSettings { Beta = s.Beta },
            Optim = new OptimSettings { Lr = s.Lr, WarmupSteps = Math.Max(1, s.Steps / 10), WeightDecay = 0 },
            Steps = s.Steps, BatchSize = s.BatchSize, MicroBatch = 32, Precision = Precision.Bf16, Seed = (long)s.Seed + 100,
            CheckpointEvery = s.Steps, LogEvery = 1,
        };
        int k = s.Rollouts;
        var plans = new List<RunPlan>
        {
            new(NtpRunName, "next-token prediction on the same prefixes and suffixes", Run("ntp", Method.Ntp, true, false, 0, RewardSetting.Quality)),
            new(NtpUnsafeRunName, "next-token prediction on the safety setting's stream (hostile documents, cut inside the hostile part): the paper's NTP on RedPajama", Run("ntp-unsafe", Method.Ntp, true, false, 0, RewardSetting.QualitySafety)),
            new(SipQualityName, $"online DPO, suffix + {k} rollouts, quality judge", Run("sip-quality", Method.Dpo, true, false, k, RewardSetting.Quality)),
            new(SipFactualityName, $"online DPO, suffix + {k} rollouts, factuality + quality", Run("sip-factuality", Method.Dpo, true, false, k, RewardSetting.QualityFactuality)),
            new(SipSafetyName, $"online DPO, suffix + {k} rollouts, safety + quality", Run("sip-safety", Method.Dpo, true, false, k, RewardSetting.QualitySafety)),
            new("RF-NLL safety", $"NLL on the best of suffix + rewrite + {k} rollouts, safety + quality", Run("rf-nll", Method.RfNll, true, true, k, RewardSetting.QualitySafety)),
            // No judge: the reward setting only places it in the safety setting, on its stream (the paper's Table 6).
            new("SFT on rewrites", "NLL on the oracle's rewrite of each suffix of the safety setting's stream (no judge)", Run("sft-rewrite", Method.SftRewrite, true, false, 0, RewardSetting.QualitySafety)),
        };
        foreach (var rollouts in s.AblateRollouts)
            plans.Add(new($"SIP safety K={rollouts}", $"ablation: {rollouts} rollouts", Run($"ablate-k{rollouts}", Method.Dpo, true, false, rollouts, RewardSetting.QualitySafety)));
        foreach (var n in s.AblateSuffixTokens)
        {
            var run = Run($"ablate-n{n}", Method.Dpo, true, false, k, RewardSetting.QualitySafety);
            plans.Add(new($"SIP safety N={n}", $"ablation: suffixes and rollouts of {n} tokens", run with { Data = run.Data with { SuffixTokens = n } }));
        }
        foreach (var noise in s.AblateNoise)
        {
            var run = Run($"ablate-noise{noise:0.##}", Method.Dpo, true, false, k, RewardSetting.QualitySafety);
            plans.Add(new($"SIP safety noise {noise:0.##}", $"ablation: judge flips {noise:P0} of verdicts", run with { Teacher = teacher with { Oracle = teacher.Oracle with { Noise = noise } } }));
        }
        if (s.AblateGreedyRollout)
        {
            var run = Run("ablate-greedy", Method.Dpo, true, false, k, RewardSetting.Quality);
            plans.Add(new("SIP quality + greedy", $"ablation: suffix + {k} rollouts + the greedy continuation, quality judge", run with { Pool = run.Pool with { GreedyRollout = true } }));
        }
        if (s.AblatePivot)
        {
            var run = Run("ablate-pivot", Method.Dpo, true, false, k, RewardSetting.QualitySafety);
            plans.Add(new("SIP safety pivot", "ablation: quality judged against the suffix only", run with { Rewards = run.Rewards with { Comparison = QualityComparison.Pivot } }));
        }
        if (s.AblateTable6) plans.AddRange(Table6Plans(Run));
        if (s.AblateJudgePlans)
            foreach (var condition in JudgeCondition.Grid)
                foreach (var comparison in JudgingPlanStudy.Plans)
                {
                    var run = Run($"ablate-plan-{comparison.ToString().ToLowerInvariant()}-n{condition.Noise:0.##}-b{condition.PositionBias:0.##}-s{condition.Samples}",
                        Method.Dpo, true, false, JudgingPlanStudy.Rollouts, RewardSetting.QualitySafety);
                    plans.Add(new($"SIP safety K={JudgingPlanStudy.Rollouts} {comparison} ({condition.Label})", $"ablation: {comparison} judging, oracle {condition.Label}", run with
                    {
                        Rewards = run.Rewards with { Comparison = comparison },
                        Teacher = teacher with { Oracle = teacher.Oracle with { Noise = condition.Noise, PositionBias = condition.PositionBias, Samples = condition.Samples } },
                    }));
                }
        if (s.AblateObjective)
            plans.Add(new("RF-NLL safety (same pool)", $"ablation: RF-NLL on suffix + {k} rollouts", Run("ablate-rfnll", Method.RfNll, true, false, k, RewardSetting.QualitySafety)));
        if (s.FromScratch) plans.AddRange(ScratchPlans(s, baseFolder, data, teacher, tokenizer, model));
        return plans;
    }

    /// <summary>
    /// The paper's Table 6 (objectives, continual, safety setting), less SFT on rewrites, which the main comparison has:
    /// each row's objective and pool, with the safety judge where the objective has one.
    /// </summary>
    private static IEnumerable<RunPlan> Table6Plans(Func<string, Method, bool, bool, int, RewardSetting, SipSettings> run)
    {
        const RewardSetting safety = RewardSetting.QualitySafety;
        int k = JudgingPlanStudy.Rollouts;
        yield return new("Table 6: SFT on 1 rollout", "NLL on the policy's own rollout (the paper's collapse)", run("t6-sft-rollout", Method.SftRollout, false, false, 1, safety));
        yield return new("Table 6: DPO rewrite > rollout", "DPO with the rewrite always chosen over 1 rollout (no judge)", run("t6-dpo-rewrite", Method.DpoRewrite, false, true, 1, safety));
        yield return new("Table 6: RF-NLL rollout vs rewrite", "NLL on the better of 1 rollout and the rewrite", run("t6-rfnll-rollout-rewrite", Method.RfNll, false, true, 1, safety));
        yield return new("Table 6: RF-NLL suffix vs rewrite vs 1", "NLL on the best of suffix, rewrite and 1 rollout", run("t6-rfnll-suffix-rewrite-1", Method.RfNll, true, true, 1, safety));
        yield return new("Table 6: DPO suffix vs 1 rollout", "online DPO over suffix and 1 rollout", run("t6-dpo-suffix-1", Method.Dpo, true, false, 1, safety));
        yield return new("Table 6: DPO rewrite vs 1 rollout", "online DPO over rewrite and 1 rollout", run("t6-dpo-rewrite-1", Method.Dpo, false, true, 1, safety));
        yield return new($"Table 6: DPO suffix vs {k}", $"online DPO over suffix and {k} rollouts", run("t6-dpo-suffix-16", Method.Dpo, true, false, k, safety));
        yield return new($"Table 6: DPO suffix vs rewrite vs {k}", $"online DPO over suffix, rewrite and {k} rollouts", run("t6-dpo-suffix-rewrite-16", Method.Dpo, true, true, k, safety));
        var pivot = run("t6-dpo-pivot-16", Method.Dpo, true, false, k, safety);
        yield return new($"Table 6: DPO suffix as pivot, {k}", $"online DPO, {k} rollouts each judged against the suffix only", pivot with { Rewards = pivot.Rewards with { Comparison = QualityComparison.Pivot } });
        yield return new($"Table 6: DPO {k} rollouts only", $"online DPO over {k} rollouts, no suffix", run("t6-dpo-rollouts-16", Method.Dpo, false, false, k, safety));
    }

    /// <summary>
    /// The paper's from-scratch comparison (Table 2; §6: RF-NLL, one rollout, the safety judge), at the base model's
    /// budget: its steps, batch, learning rate and initial weights. RF-NLL and SFT learn only the continuation, so
    /// their fair baseline is NTP on the suffix alone (the base, NTP on whole sequences, saw more tokens).
    /// </summary>
    private static IEnumerable<RunPlan> ScratchPlans(ReproduceSettings s, string baseFolder, DataSettings data, TeacherSettings teacher, string tokenizer, LlamaConfig model)
    {
        SipSettings Run(string folder, Method method, bool suffix, bool rewrite, int rollouts) => new()
        {
            Tokenizer = tokenizer, Model = model, Out = Path.Combine(Path.GetDirectoryName(baseFolder)!, folder), Method = method, Data = data, Teacher = teacher,
            Pool = new CandidatePoolSettings { Suffix = suffix, Rewrite = rewrite, Rollouts = rollouts },
            Rewards = new RewardSettings { Setting = RewardSetting.QualitySafety },
            NtpLoss = LossSpan.Suffix,
            Optim = new OptimSettings { Lr = s.BaseLr, WarmupSteps = Math.Max(1, s.BaseSteps / 20) },
            Steps = s.BaseSteps, BatchSize = 16, MicroBatch = 32, Precision = Precision.Bf16, Seed = (long)s.Seed, // the base's initial weights
            CheckpointEvery = s.BaseSteps, LogEvery = 10,
        };
        string reference = ScratchNtpRunName;
        yield return new(ScratchNtpRunName, $"from scratch, {s.BaseSteps} steps: NTP on the suffix tokens only", Run("scratch-ntp", Method.Ntp, true, false, 0), reference);
        yield return new("Scratch: SFT on rewrites", "from scratch: NLL on the oracle's rewrite of each suffix (no judge)", Run("scratch-sft-rewrite", Method.SftRewrite, true, false, 0), reference);
        yield return new("Scratch: RF-NLL suffix vs rewrite", "from scratch: NLL on the better of suffix and rewrite, safety + quality", Run("scratch-rfnll-suffix", Method.RfNll, true, true, 0), reference);
        yield return new("Scratch: RF-NLL rollout vs rewrite", "from scratch: NLL on the better of rewrite and 1 rollout, safety + quality", Run("scratch-rfnll-rollout", Method.RfNll, false, true, 1), reference);
    }
}
