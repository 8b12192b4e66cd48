using System.CommandLine;
using Sip.Cli.Settings;
using Sip.Server;
using Sip.Teacher;
using Sip.Teacher.Checking;

namespace Sip.Cli.Commands;

/// <summary><c>sip teacher</c>: serve TinyWorld's oracle or a sip checkpoint over the OpenAI protocol (with injected faults), and check any teacher (docs/teachers.md).</summary>
internal static class TeacherCommand
{
    public static Command Create()
    {
        var teacher = new Command("teacher", "Teachers over OpenAI-compatible servers: serve TinyWorld's oracle or a sip checkpoint as one, check one.");
        teacher.Subcommands.Add(Serve());
        teacher.Subcommands.Add(Check());
        teacher.Subcommands.Add(Data());
        teacher.Subcommands.Add(Train());
        return teacher;
    }

    private static Command Serve()
    {
        var command = new Command("serve",
            "An OpenAI-compatible chat-completions server (ASP.NET Core) answering sip's judge and rewrite prompts for a TinyWorld's oracle (--world), or any conversation for a sip checkpoint (--checkpoint), with latency and faults injected on demand. Stops gracefully on Ctrl+C or SIGTERM.");
        var binder = new SettingsBinder<ServeSettings>(command);
        command.SetAction(parse =>
        {
            var settings = binder.Bind(parse);
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                if (stop.IsCancellationRequested) return; // a second Ctrl+C kills
                e.Cancel = true; // the first stops gracefully below
                stop.Cancel();
            };
            // SIGTERM is how service managers (systemd, Kubernetes, docker stop) and scripts stop a server; it also
            // reaches a server started in the background, whose SIGINT a non-interactive shell sets to ignored.
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, e =>
            {
                e.Cancel = true;
                stop.Cancel();
            });
            return RunServer(settings, stop.Token).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> RunServer(ServeSettings settings, CancellationToken stop)
    {
        // The oracle of --world or the model of --checkpoint, exactly one (the server says so otherwise).
        await using var server = TeacherServer.Start(settings);
        Console.WriteLine($"sip teacher serve: {server.Describe}");
        Console.WriteLine($"listening on {server.BaseUrl} (model \"{server.Model}\"; faults {settings.Faults.TotalRate:P1}, latency {settings.Faults.LatencyMs} ms); Ctrl+C stops");
        var last = server.Counts;
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(TimeSpan.FromSeconds(10), stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            var now = server.Counts;
            if (now != last) Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {now}");
            last = now;
        }
        Console.WriteLine("stopping: finishing the requests in flight...");
        await server.StopAsync().ConfigureAwait(false);
        Console.WriteLine($"served {server.Counts}");
        return 0;
    }

    private static Command Data()
    {
        var command = new Command("data",
            "Makes a teacher's post-training data from a TinyWorld, labelled by its oracle: quality pairs (a suffix against a flawed near-copy, both orders), safety, factuality and rewrite examples, in train/val/test splits disjoint from the corpus and the evaluation sets.");
        var binder = new SettingsBinder<Sip.World.TeacherData.TeacherDataJob>(command);
        command.SetAction(parse =>
        {
            var job = binder.Bind(parse);
            Console.Write(job.Run());
            return 0;
        });
        return command;
    }

    private static Command Check()
    {
        var command = new Command("check",
            "Sends judge and rewrite requests with known answers (a TinyWorld's held-out sets, or built-in clear cases) to a teacher and reports parse rate, agreement and latency (p50/p95).");
        var binder = new SettingsBinder<CheckSettings>(command);
        command.SetAction(parse =>
        {
            var settings = binder.Bind(parse);
            if (settings.Data.Length > 0) return CheckOnData(settings);
            var cases = string.IsNullOrWhiteSpace(settings.World) ? BuiltInCases.Create() : WorldCases.Create(settings.World, settings.Cases);
            using var teacher = TeacherFactory.Create(settings.Teacher);
            var report = TeacherCheck.RunAsync(teacher.Judge, settings.Rewrite ? teacher.Rewriter : null, cases).GetAwaiter().GetResult();
            Console.Write(report.ToMarkdown());
            if (teacher.Chat is { } chat)
                Console.WriteLine("counters: " + string.Join(", ", chat.Metrics().Where(m => m.Value != 0).Select(m => $"{m.Key} {m.Value}")));
            return 0;
        });
        return command;
    }

    private static int CheckOnData(CheckSettings settings)
    {
        var examples = Sip.Teacher.PostTraining.TeacherDataFile.Read(settings.Data);
        using var teacher = TeacherFactory.Create(settings.Teacher);
        if (settings.Against is { } against)
        {
            using var other = TeacherFactory.Create(against);
            var requests = examples.Where(e => e.Task != Sip.Teacher.Prompts.TeacherTask.Rewrite).Select(e => e.JudgeRequest()).ToList();
            var rows = VerdictAgreement.RunAsync(teacher.Judge, other.Judge, requests).GetAwaiter().GetResult();
            Console.Write(VerdictAgreement.Markdown(rows, teacher.Judge.Describe, other.Judge.Describe));
            return 0;
        }
        if (settings.Injections)
        {
            var outcomes = InjectionCheck.RunAsync(teacher.Judge, examples, settings.InjectionExamples).GetAwaiter().GetResult();
            Console.WriteLine($"prompt injection against {teacher.Judge.Describe}: each case judged with and without its injected part");
            Console.Write(InjectionCheck.Markdown(outcomes));
            return 0;
        }
        using var grader = string.IsNullOrWhiteSpace(settings.World) ? null : TeacherFactory.Create(new TeacherSettings { World = settings.World });
        if (grader is null) Console.Error.WriteLine("no --world: rewrites of unsafe and false suffixes are not graded (their rates read n/a)");
        var report = Sip.Teacher.PostTraining.TeacherAgreementCheck.RunAsync(teacher.Judge, settings.Rewrite ? teacher.Rewriter : null, grader?.Judge, examples, settings.Data)
            .GetAwaiter().GetResult();
        Console.Write(report.Markdown());
        return 0;
    }

    private static Command Train()
    {
        var command = new Command("train",
            "Post-trains a base checkpoint into a judge and rewriter, as the paper made its teacher: SFT on teacher data, then GRPO with verifiable rewards (the oracle rewards the rewriter), then the agreement table on the test split for the base prompted, after SFT and after GRPO. Resumes its output folder.");
        var binder = new SettingsBinder<Sip.Teacher.PostTraining.TeacherTrainSettings>(command);
        command.SetAction(parse =>
        {
            var settings = binder.Bind(parse);
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                if (stop.IsCancellationRequested) return;
                e.Cancel = true;
                stop.Cancel();
            };
            var result = Sip.Teacher.PostTraining.TeacherTrainer.Run(settings, Console.WriteLine, cancellation: stop.Token);
            if (result.Report.Length > 0) Console.Write(File.ReadAllText(result.Report));
            return 0;
        });
        return command;
    }
}
