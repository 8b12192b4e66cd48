using System.CommandLine;
using Sip.Cli.Settings;
using Sip.Evaluation;
using Sip.Teacher;

namespace Sip.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval",
            "Evaluates a checkpoint against a baseline on held-out prefixes: quality and coherence win rates, safety, factuality, perplexity, with 95% intervals.");
        var binder = new SettingsBinder<EvalSettings>(command);
        command.SetAction(parse =>
        {
            var settings = binder.Bind(parse);
            using var teacher = TeacherFactory.Create(settings.Teacher);
            var report = Evaluator.Run(settings, teacher.Judge);
            Console.WriteLine(EvalReportWriter.ToMarkdown(report));
            if (!string.IsNullOrWhiteSpace(settings.Out))
            {
                EvalReportWriter.Write(report, settings.Out);
                Console.WriteLine($"wrote {Path.Combine(settings.Out, "eval.json")} and eval.md");
            }
            return 0;
        });
        return command;
    }
}
