using Spectre.Console;
using Sip.Training;

namespace Sip.Cli.Commands;

/// <summary>A progress bar on a terminal; plain periodic lines when output is redirected (CI, logs).</summary>
internal static class ProgressDisplay
{
    public static T Run<T>(long totalSteps, Func<IProgress<StepReport>, T> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var every = Math.Max(1, totalSteps / 20);
            return work(new Progress(report =>
            {
                if (report.Step % every == 0 || report.Step == report.TotalSteps) Console.WriteLine(Describe(report));
            }));
        }
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: totalSteps);
                result = work(new Progress(report =>
                {
                    task.Value = report.Step;
                    task.Description = Markup.Escape(Describe(report));
                }));
            });
        return result;
    }

    private static string Describe(StepReport r) =>
        $"step {r.Step}/{r.TotalSteps} loss {r.Loss:F4} lr {r.LearningRate:E2}" +
        (r.TokensPerSecond is { } t ? $" {t:F0} tok/s" : "") +
        (r.StepSeconds is { } s ? $" {s:F2} s/step" : "") +
        (r.ValLoss is { } v ? $" val {v:F4}" : "");

    /// <summary>Synchronous IProgress: reports arrive in order on the training thread (System.Progress posts to the thread pool).</summary>
    private sealed class Progress(Action<StepReport> report) : IProgress<StepReport>
    {
        public void Report(StepReport value) => report(value);
    }
}
