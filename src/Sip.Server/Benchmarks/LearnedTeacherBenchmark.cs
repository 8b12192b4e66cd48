using System.Diagnostics;
using Sip.Interop;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Teacher.Gguf;
using Sip.Teacher.Local;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;

namespace Sip.Server.Benchmarks;

/// <summary>
/// A learned teacher's judging speed three ways, on the same held-out requests at temperature 0: in process
/// (<c>teacher.kind model</c>, batched also with every prompt prefilled whole), over HTTP (<c>sip teacher serve
/// --checkpoint</c>) and through llama.cpp (the checkpoint exported to GGUF), each one request at a time and batched
/// (many in flight).
/// </summary>
public static class LearnedTeacherBenchmark
{
    /// <param name="Path">in process, HTTP or llama.cpp.</param>
    /// <param name="InFlight">Requests in flight (1: one at a time).</param>
    /// <param name="Judgments">Requests judged.</param>
    /// <param name="Seconds">Wall time.</param>
    public sealed record Row(string Path, int InFlight, int Judgments, double Seconds)
    {
        public double PerSecond => Judgments / Seconds;
    }

    public static async Task<IReadOnlyList<Row>> RunAsync(string teacher, string data, int requests = 64, int batch = 32, Action<string>? log = null)
    {
        var examples = TeacherDataFile.Read(data).Where(e => e.Task != TeacherTask.Rewrite).Take(requests).Select(e => e.JudgeRequest()).ToList();
        var root = Directory.CreateTempSubdirectory("sip-bench-teacher-").FullName;
        var rows = new List<Row>();
        try
        {
            var local = new ModelTeacherSettings { Checkpoint = teacher };
            TeacherPromptSettings prompts = local.WithSavedTemplateFiles();
            foreach (int inFlight in new[] { 1, batch })
            {
                using (var model = ModelTeacher.Create(local with { BatchSize = inFlight }))
                    rows.Add(await Time("in process", inFlight, model.Judge, examples).ConfigureAwait(false));
                // Batched, the same requests with every prompt prefilled whole: what sharing their prefixes saves.
                if (inFlight > 1)
                    using (var whole = ModelTeacher.Create(local with { BatchSize = inFlight, SharePrefixes = false }))
                        rows.Add(await Time("in process, prompts whole", inFlight, whole.Judge, examples).ConfigureAwait(false));
                await using (var server = TeacherServer.Start(new ServeSettings { Checkpoint = teacher, Port = 0, BatchSize = inFlight }))
                using (var chat = ChatTeacher.Create(new ChatTeacherSettings(prompts) { BaseUrl = server.BaseUrl, Model = teacher, Concurrency = inFlight, TimeoutSeconds = 600 }, environment: _ => null))
                    rows.Add(await Time("HTTP", inFlight, chat.Judge, examples).ConfigureAwait(false));
                log?.Invoke($"  measured {inFlight} in flight");
            }
            string gguf = Path.Combine(root, "teacher.gguf");
            GgufExporter.Export(teacher, gguf);
            var ggufPrompts = new GgufTeacherSettings { Model = gguf } with
            {
                Safety = local.Safety, Quality = local.Quality, Factuality = local.Factuality, Coherence = local.Coherence,
                SafetyTemplate = prompts.SafetyTemplate, QualityTemplate = prompts.QualityTemplate, FactualityTemplate = prompts.FactualityTemplate,
                CoherenceTemplate = prompts.CoherenceTemplate, RewriteTemplate = prompts.RewriteTemplate,
            };
            using (var llama = GgufTeacher.Create(ggufPrompts))
                rows.Add(await Time("llama.cpp", 1, llama.Judge, examples).ConfigureAwait(false));
            return rows;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<Row> Time(string path, int inFlight, IJudge judge, IReadOnlyList<JudgeRequest> requests)
    {
        await judge.JudgeAsync(requests.Take(2).ToList()).ConfigureAwait(false); // warm-up
        var clock = Stopwatch.StartNew();
        if (inFlight == 1)
            foreach (var request in requests) await judge.JudgeAsync([request]).ConfigureAwait(false);
        else
            await judge.JudgeAsync(requests).ConfigureAwait(false);
        return new Row(path, inFlight, requests.Count, clock.Elapsed.TotalSeconds);
    }
}
