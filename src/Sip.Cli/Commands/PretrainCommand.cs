using Sip.Metrics;
using System.CommandLine;
using Sip.Cli.Settings;
using Sip.Training.Pretraining;

namespace Sip.Cli.Commands;

internal static class PretrainCommand
{
    public static Command Create()
    {
        var command = new Command("pretrain", "Standard pretraining (next-token prediction) of a Llama-style policy. Resumes a run folder that has checkpoints.");
        var binder = new SettingsBinder<PretrainSettings>(command);
        command.SetAction(parse =>
        {
            var settings = binder.Bind(parse);
            using var cancel = CommandRunner.CancelOnCtrlC();
            var (opened, resumeStep) = RunMetrics.Open(settings.Out);
            using var metrics = opened;
            bool resuming = resumeStep is not null;
            Console.WriteLine($"sip pretrain → {Path.GetFullPath(settings.Out)}{(resuming ? " (resuming)" : "")}");
            var result = ProgressDisplay.Run(settings.Steps, progress => NtpTrainer.Run(settings, metrics, progress, cancellation: cancel.Token));
            Console.WriteLine($"done: {result.Losses.Count} steps this run, last loss {result.Losses.LastOrDefault():F4}" +
                (result.FinalValLoss is { } v ? $", val loss {v:F4} (ppl {Math.Exp(v):F2})" : "") + $"; checkpoint {result.LastCheckpoint}");
            return 0;
        });
        return command;
    }
}
