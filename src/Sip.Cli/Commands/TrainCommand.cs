using Sip.Metrics;
using System.CommandLine;
using Sip.Cli.Settings;
using Sip.Settings;
using Sip.Teacher;
using Sip.Training.SelfImproving;

namespace Sip.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train",
            "Self-improving pretraining (and its baselines): candidates per prefix, judged by the teacher, learned by online DPO or RF-NLL. Resumes a run folder that has checkpoints.");
        var preset = new Option<SipPreset?>("--preset")
        {
            Description = "Start from one of the paper's settings (continualQuality, continualFactuality, continualSafety, fromScratchSafety); " +
                "applied after --config and before the other options.",
        };
        command.Options.Add(preset);
        var binder = new SettingsBinder<SipSettings>(command);
        command.SetAction(parse =>
        {
            var presetOverrides = parse.GetValue(preset) is { } p ? SipPresets.Overrides(p) : [];
            var settings = SettingsResolver.Resolve<SipSettings>(parse.GetValue(binder.ConfigOption), [.. presetOverrides, .. binder.CommandLineOverrides(parse)]);
            // Judge-free methods without a rewrite (NTP, SFT on a rollout) need no teacher at all.
            using var teacher = settings.NeedsTeacher ? TeacherFactory.Create(settings.Teacher) : null;
            IJudge? judge = teacher?.Judge;
            IRewriter? rewriter = teacher?.Rewriter;

            using var cancel = CommandRunner.CancelOnCtrlC();
            var (opened, resumeStep) = RunMetrics.Open(settings.Out);
            using var metrics = opened;
            Console.WriteLine($"sip train ({settings.Method}) → {Path.GetFullPath(settings.Out)}{(resumeStep is { } s ? $" (resuming at step {s})" : "")}");
            if (judge is not null) Console.WriteLine($"judge: {judge.Describe}");
            var result = ProgressDisplay.Run(settings.Steps, progress =>
                SipTrainer.Run(settings, judge, rewriter, metrics, progress, cancellation: cancel.Token));
            Console.WriteLine($"done: {result.Losses.Count} steps this run; checkpoint {result.LastCheckpoint}");
            return 0;
        });
        return command;
    }
}
