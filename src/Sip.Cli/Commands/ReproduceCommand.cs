using System.CommandLine;
using Sip.Cli.Settings;
using Sip.Reproduction;

namespace Sip.Cli.Commands;

internal static class ReproduceCommand
{
    /// <summary>The learned teacher behind sip teacher serve's server on a free loopback port, for as long as the reproduction trains with it.</summary>
    private sealed class ServedTeacher(Sip.Server.TeacherServer server) : ITeacherHost
    {
        public static ITeacherHost Start(string checkpoint) =>
            new ServedTeacher(Sip.Server.TeacherServer.Start(new Sip.Server.ServeSettings { Checkpoint = checkpoint, Port = 0 }));

        public string BaseUrl => server.BaseUrl;

        public void Dispose() => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public static Command Create()
    {
        var command = new Command("reproduce",
            "The paper's comparison on TinyWorld, end to end: world, tokenizer, base model, continual NTP vs SIP (quality, factuality, safety), RF-NLL, SFT on rewrites, evaluation and a report with plots.");
        var binder = new SettingsBinder<ReproduceSettings>(command);
        command.SetAction(parse =>
        {
            var settings = binder.Bind(parse);
            using var cancel = CommandRunner.CancelOnCtrlC();
            var commandLine = "sip reproduce" + string.Concat(binder.CommandLineOverrides(parse).Select(o => " --set " + o));
            var report = ReproducePipeline.Run(settings, commandLine, Console.WriteLine, cancel.Token, ServedTeacher.Start);
            Console.WriteLine();
            Console.WriteLine(settings.Seeds.Length > 0
                ? File.ReadAllText(Path.Combine(report, SeedPool.ReportFile))
                : File.ReadAllText(Path.Combine(report, ReportWriter.ReportFile)).Split("\n## Runs")[0]);
            return 0;
        });
        return command;
    }
}
