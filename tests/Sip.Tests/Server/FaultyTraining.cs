using System.Text.Json;
using Sip.Data.Tokenization;
using Sip.Evaluation;
using Sip.Metrics;
using Sip.Model;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Server;
using Sip.Server.Answering;
using Sip.Server.Faults;
using Sip.Tests.Training;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.Optimization;
using Sip.Training.Rewards;
using Sip.Training.SelfImproving;
using Sip.World;
using Sip.Tests.Teacher;

namespace Sip.Tests.Server;

/// <summary>
/// Two short SIP runs of a tiny model, judged and rewritten by TinyWorld's oracle over HTTP (<c>sip teacher serve</c>):
/// one against a clean server, one against a server that injects 20% faults of every kind. Then an evaluation of the
/// second run's checkpoint, twice, through an answer cache. Each run holds an API key the files must never contain.
/// </summary>
public sealed class FaultyTraining : IAsyncLifetime
{
    public const string Secret = "sk-served-training-7c1d-DO-NOT-LEAK";
    private const string KeyVariable = "SIP_SERVED_TRAINING_KEY";
    public const int Steps = 4;

    public ServedWorld World { get; } = new();
    private readonly CollectingLogger _log = new();

    /// <summary>Everything the teachers logged, at every level.</summary>
    public IReadOnlyList<string> LogLines => _log.Lines;
    public Sip.Training.Running.TrainingResult Clean { get; private set; } = null!;
    public Sip.Training.Running.TrainingResult Faulty { get; private set; } = null!;
    public ServeCounts FaultyServer { get; private set; } = null!;
    public string FaultyRun => Path.Combine(World.Root, "run-faulty");
    public string CleanRun => Path.Combine(World.Root, "run-clean");
    public EvalReport FirstEval { get; private set; } = null!;
    public EvalReport SecondEval { get; private set; } = null!;
    public ServeCounts EvalServerAfterFirst { get; private set; } = null!;
    public ServeCounts EvalServerAfterSecond { get; private set; } = null!;
    public string EvalFolder => Path.Combine(World.Root, "eval");

    /// <summary>The faults of the faulty server: 20% of requests, spread over the six kinds.</summary>
    public static readonly FaultSettings Faults = new FaultSettings { LatencyMs = 2, RetryAfterSeconds = 0.02, HoldSeconds = 30, Seed = 4 }.Spread(0.2);

    public async Task InitializeAsync()
    {
        string tokenizer = Path.Combine(World.Root, "tokenizer.json");
        var texts = File.ReadLines(Path.Combine(World.Folder, TinyWorld.TrainFile)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!);
        BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = 320 }).Save(tokenizer);

        await using (var clean = Serve(new FaultSettings()))
            Clean = await TrainAsync(clean, CleanRun, tokenizer);
        await using (var faulty = Serve(Faults))
        {
            Faulty = await TrainAsync(faulty, FaultyRun, tokenizer);
            FaultyServer = faulty.Counts;
        }

        await using var evalServer = Serve(Faults with { Seed = 8 });
        FirstEval = await EvaluateAsync(evalServer);
        EvalServerAfterFirst = evalServer.Counts;
        SecondEval = await EvaluateAsync(evalServer);
        EvalServerAfterSecond = evalServer.Counts;
        EvalReportWriter.Write(SecondEval, EvalFolder);
    }

    private TeacherServer Serve(FaultSettings faults) =>
        World.Serve(faults, adjust: s => s with { ApiKeyVariable = KeyVariable }, environment: Environment);

    private static string? Environment(string name) => name == KeyVariable ? Secret : null;

    /// <summary>Quick retries and re-asks, enough of them to recover from every injected fault.</summary>
    private static ChatTeacherSettings Client(TeacherServer server, string cache = "") => ServedWorld.Client(server) with
    {
        ApiKeyVariable = KeyVariable, Retries = 12, Reasks = 12, TimeoutSeconds = 1.5, BreakSeconds = 0.5, MaxOutageSeconds = 60, Cache = cache,
    };

    private async Task<Sip.Training.Running.TrainingResult> TrainAsync(TeacherServer server, string run, string tokenizer)
    {
        var settings = new SipSettings
        {
            Tokenizer = tokenizer, Out = run, Method = Method.Dpo,
            Model = new LlamaConfig { Dim = 32, Layers = 2, Heads = 4, KvHeads = 2, HiddenDim = 64, MaxSeqLen = 64 },
            Optim = new OptimSettings { Lr = 3e-3, WarmupSteps = 1 },
            Data = new DataSettings { Train = Path.Combine(World.Folder, TinyWorld.TrainFile), SuffixTokens = 8, MinPrefixTokens = 8 },
            Pool = new CandidatePoolSettings { Suffix = true, Rewrite = true, Rollouts = 2 },
            Rewards = new RewardSettings { Setting = RewardSetting.QualitySafety },
            Teacher = new TeacherSettings { Kind = TeacherKind.Chat, Chat = Client(server) },
            Steps = Steps, BatchSize = 2, MicroBatch = 8, CheckpointEvery = 2, SampleLogEvery = 1, Seed = 5,
        };
        using var teacher = TeacherFactory.Create(settings.Teacher, _log, Environment);
        using var metrics = new CompositeMetricsSink(new JsonlMetricsSink(Path.Combine(run, "metrics.jsonl")), new RecordingSink());
        return SipTrainer.Run(settings, teacher.Judge, teacher.Rewriter, metrics);
    }

    private async Task<EvalReport> EvaluateAsync(TeacherServer server)
    {
        var settings = new EvalSettings
        {
            Checkpoint = FaultyRun, Baseline = CleanRun, Sets = ["standard=" + Path.Combine(World.Folder, TinyWorld.StandardFile)], Limit = 4,
            MaxNewTokens = 8, BatchSize = 4, Resamples = 100,
            Teacher = new TeacherSettings { Kind = TeacherKind.Chat, Chat = Client(server, Path.Combine(World.Root, "cache", "teacher.sqlite")) },
        };
        // A fresh teacher each time, as a second `sip eval` would have.
        using var teacher = TeacherFactory.Create(settings.Teacher, _log, Environment);
        return Evaluator.Run(settings, teacher.Judge);
    }

    public Task DisposeAsync()
    {
        World.Dispose();
        return Task.CompletedTask;
    }
}
