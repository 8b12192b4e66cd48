using System.Diagnostics;
using System.Text.Json;
using Sip.Data.Tokenization;
using Sip.Metrics;
using Sip.Settings;
using Sip.Teacher.Local;
using Sip.Teacher.Prompts;
using Sip.Training.Checkpointing;
using Sip.Training.Grpo;
using Sip.Training.Running;
using Sip.Training.Sft;
using Sip.World.TeacherData;

namespace Sip.Teacher.PostTraining;

/// <summary>What <c>sip teacher train</c> produced: the teacher's folder, the agreement table per stage, and each stage's wall seconds.</summary>
public sealed record TeacherTrainResult(string Teacher, IReadOnlyDictionary<string, AgreementReport> Checks, IReadOnlyDictionary<string, double> Seconds, string Report);

/// <summary>
/// The paper's first stage on sip's own models: a base checkpoint gets the chat markers, is fine-tuned on the teacher
/// data (SFT), then trained by GRPO on the same tasks' verifiable rewards (<see cref="TeacherGrpoTask"/>), and the
/// result is saved with the templates it was trained on. Each stage is a run folder of its own, so a rerun resumes
/// the stage it stopped in and reuses the finished ones; the check of a finished stage is kept in check/{stage}.json.
/// </summary>
public static class TeacherTrainer
{
    public const string BaseFolder = "base", SftFolder = "sft", GrpoFolder = "grpo", TeacherFolder = "teacher", CheckFolder = "check", ReportFile = "report.md";

    /// <summary>The stages of the agreement table, in order.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["base (prompted)", "SFT", "SFT + GRPO"];

    /// <param name="settings">the pipeline's settings (validated here)</param>
    /// <param name="log">progress lines</param>
    /// <param name="stopAfter">stop after this many steps of (stage, steps), to simulate an interruption: ("sft", n) or ("grpo", n)</param>
    /// <param name="cancellation">stops the current stage cleanly, with a checkpoint</param>
    public static TeacherTrainResult Run(TeacherTrainSettings settings, Action<string> log, (string Stage, long Steps)? stopAfter = null, CancellationToken cancellation = default)
    {
        SettingsValidator.ThrowIfInvalid(settings);
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(root);
        if (settings.Threads > 0) TorchSharp.torch.set_num_threads(settings.Threads);
        var splits = TeacherDataSplits.Read(settings.Data);
        var prompts = TeacherPrompts.OfSet(settings.Templates);
        var seconds = new Dictionary<string, double>();

        var baseFolder = Path.Combine(root, BaseFolder);
        if (!File.Exists(Path.Combine(baseFolder, PolicyCheckpoint.WeightsFile)))
        {
            log($"[{clock.Elapsed:mm\\:ss}] preparing the base {settings.Init} (chat markers)");
            var staging = baseFolder + ".partial";
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            ChatReadyBase.Save(CheckpointLocator.Resolve(settings.Init), staging);
            prompts.Save(Path.Combine(staging, TeacherPrompts.FolderName));
            if (Directory.Exists(baseFolder)) Directory.Delete(baseFolder, recursive: true);
            Directory.Move(staging, baseFolder);
        }
        var tokenizer = (ByteLevelBpeTokenizer)PolicyCheckpoint.LoadTokenizer(baseFolder);
        var encoding = new TeacherEncoding(tokenizer, prompts);
        void SaveTemplates(string folder) => prompts.Save(Path.Combine(folder, TeacherPrompts.FolderName));
        string dataName = $"{Path.GetFileName(Path.GetFullPath(settings.Data))} ({splits.Train.Count} train, {splits.Val.Count} val)";

        var sftOut = Path.Combine(root, SftFolder);
        var stage = Stopwatch.StartNew();
        log($"[{clock.Elapsed:mm\\:ss}] SFT: {settings.Sft.Steps} steps of {settings.Sft.BatchSize} examples");
        var sftData = new SftData(dataName + $", templates {prompts.Fingerprint(Enum.GetValues<TeacherTask>())}",
            splits.Train.Select(e => Encode(e, encoding)).ToList(), splits.Val.Select(e => Encode(e, encoding)).ToList());
        using (var metrics = RunMetrics.Open(sftOut).Sink)
        {
            var result = SftTrainer.Run(settings.Sft with { Init = baseFolder, Out = sftOut, Threads = settings.Threads }, sftData, metrics,
                stopAfterStep: stopAfter is ("sft", var n) ? n : null, checkpointFiles: SaveTemplates, cancellation: cancellation);
            if (result.Losses.Count > 0) log($"[{clock.Elapsed:mm\\:ss}]   SFT: loss {result.Losses[^1]:F3}, val loss {result.FinalValLoss:F3}");
        }
        seconds["sft"] = Sip.Reproduction.TrainingTime.Add(sftOut, stage.Elapsed.TotalSeconds);
        if (!Finished(sftOut, settings.Sft.Steps) || cancellation.IsCancellationRequested) return Partial(root, seconds);

        var grpoOut = Path.Combine(root, GrpoFolder);
        stage.Restart();
        log($"[{clock.Elapsed:mm\\:ss}] GRPO: {settings.Grpo.Steps} steps of {settings.Grpo.PromptsPerStep} prompts × {settings.Grpo.Group} completions");
        using (var rewardJudge = TeacherFactory.Create(RewardJudgeSettings(settings)))
        using (var metrics = RunMetrics.Open(grpoOut).Sink)
        {
            var task = new TeacherGrpoTask(splits.Train, encoding, rewardJudge.Judge, dataName, settings.QualityBothOrders);
            var result = GrpoTrainer.Run(settings.Grpo with { Init = sftOut, Out = grpoOut, Tokenizer = "", Threads = settings.Threads }, task, metrics,
                stopAfterStep: stopAfter is ("grpo", var n) ? n : null, cancellation: cancellation, checkpointFiles: SaveTemplates);
            if (result.StepMetrics.Count > 0)
                log($"[{clock.Elapsed:mm\\:ss}]   GRPO: reward {result.StepMetrics[^1].GetValueOrDefault(MetricNames.Reward):F3} in the last batch");
        }
        seconds["grpo"] = Sip.Reproduction.TrainingTime.Add(grpoOut, stage.Elapsed.TotalSeconds);
        if (!Finished(grpoOut, settings.Grpo.Steps) || cancellation.IsCancellationRequested) return Partial(root, seconds);

        var teacher = Path.Combine(root, TeacherFolder);
        Publish(new CheckpointStore(Path.Combine(grpoOut, "checkpoints"), 1).Latest()!, teacher, prompts);

        var checks = new Dictionary<string, AgreementReport>();
        if (settings.Check)
        {
            var test = Limit(splits.Test, settings.CheckLimit);
            string[] folders = [baseFolder, CheckpointLocator.Resolve(sftOut), teacher];
            using var grader = TeacherFactory.Create(new TeacherSettings { World = settings.World });
            for (int i = 0; i < Stages.Count; i++)
            {
                var file = Path.Combine(root, CheckFolder, $"{i}.json");
                if (File.Exists(file)) { checks[Stages[i]] = JsonSerializer.Deserialize<AgreementReport>(File.ReadAllText(file))!; continue; }
                log($"[{clock.Elapsed:mm\\:ss}] checking {Stages[i]} on {test.Count} held-out examples");
                using var model = ModelTeacher.Create(new ModelTeacherSettings { Checkpoint = folders[i], BatchSize = settings.CheckBatch });
                var report = TeacherAgreementCheck.RunAsync(model.Judge, model.Rewriter, grader.Judge, test, "test split of " + settings.Data, cancellation).GetAwaiter().GetResult();
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
                checks[Stages[i]] = report;
            }
        }
        var reportPath = Path.Combine(root, ReportFile);
        File.WriteAllText(reportPath, TeacherTrainReport.Markdown(settings, checks, seconds));
        log($"[{clock.Elapsed:mm\\:ss}] teacher: {teacher}; report: {reportPath}");
        return new TeacherTrainResult(teacher, checks, seconds, reportPath);
    }

    /// <summary>The rewriter's reward judge: the settings' own, or the oracle of the pipeline's world.</summary>
    private static TeacherSettings RewardJudgeSettings(TeacherTrainSettings settings) => settings.RewardJudge ?? new TeacherSettings { World = settings.World };

    private static SftExample Encode(TeacherExample example, TeacherEncoding encoding) => new(example.Id, encoding.Prompt(example), encoding.Answer(example));

    private static bool Finished(string runFolder, int steps) => new CheckpointStore(Path.Combine(runFolder, "checkpoints"), 1).LatestStep() >= steps;

    private static TeacherTrainResult Partial(string root, Dictionary<string, double> seconds) => new("", new Dictionary<string, AgreementReport>(), seconds, "");

    /// <summary>The first <paramref name="perTask"/> examples of each task (0: all), in file order.</summary>
    private static IReadOnlyList<TeacherExample> Limit(IReadOnlyList<TeacherExample> examples, int perTask) =>
        perTask == 0 ? examples : examples.GroupBy(e => e.Task).SelectMany(g => g.Take(perTask)).ToList();

    /// <summary>The teacher: the final checkpoint's model, tokenizer and chat template, and its templates.</summary>
    private static void Publish(string checkpoint, string teacher, TeacherPrompts prompts)
    {
        var staging = teacher + ".partial";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        foreach (var name in new[] { PolicyCheckpoint.WeightsFile, PolicyCheckpoint.ConfigFile, PolicyCheckpoint.TokenizerJsonFile, PolicyCheckpoint.ChatTemplateFile })
            File.Copy(Path.Combine(checkpoint, name), Path.Combine(staging, name));
        prompts.Save(Path.Combine(staging, TeacherPrompts.FolderName));
        if (Directory.Exists(teacher)) Directory.Delete(teacher, recursive: true);
        Directory.Move(staging, teacher);
    }
}
