using System.CommandLine;
using System.Globalization;
using Sip.Cli.Settings;
using Sip.World;
using Sip.World.Oracle;

namespace Sip.Cli.Commands;

/// <summary><c>sip world</c>: TinyWorld tools (generate a world; a hidden probe of a checkpoint against one).</summary>
internal static class WorldCommand
{
    public static Command Create()
    {
        var world = new Command("world", "TinyWorld: sip's embedded world with known truth (see docs/tinyworld.md).");
        world.Subcommands.Add(Generate());
        world.Subcommands.Add(Probe());
        return world;
    }

    private static Command Generate()
    {
        var command = new Command("generate",
            "Generates a TinyWorld: corpus.train.jsonl, corpus.val.jsonl, kb.json, eval/*.jsonl and card.json/card.md. The same settings give byte-identical files.");
        var binder = new SettingsBinder<WorldSettings>(command);
        var outOption = new Option<string>("--out") { Description = "Folder to write the world into (created if missing).", HelpName = "dir", Required = true };
        command.Options.Add(outOption);
        command.SetAction(parse =>
        {
            var settings = binder.Bind(parse);
            string outDir = parse.GetValue(outOption)!;
            var card = TinyWorld.Generate(settings, outDir);
            Console.WriteLine($"sip world generate → {Path.GetFullPath(outDir)} (seed {settings.Seed})");
            foreach (var line in Summary(card)) Console.WriteLine("  " + line);
            return 0;
        });
        return command;
    }

    /// <summary>A few lines a user checks after generating: sizes and the measured flaw rates.</summary>
    internal static IEnumerable<string> Summary(WorldCard card)
    {
        static string P(double share) => (share * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";
        var k = card.Knowledge;
        yield return $"knowledge: {k.Entities} entities, {k.Facts} facts, {k.MisconceptionFacts} with a misconception ({P(k.MisconceptionFactShare)})";
        var t = card.Train;
        yield return $"train: {t.Documents} documents, {t.Words:N0} words ({t.MeanWords.ToString("F1", CultureInfo.InvariantCulture)} per document); val: {card.Val.Documents} documents";
        yield return $"planted (train): misconception stated {P(t.MisconceptionWrongShare)} of the time, hostile documents {P(t.HostileDocumentShare)} "
            + $"(continuing {P(t.HostileContinuingShare)}), loops {P(t.RepetitionShare)}, word salad {P(t.WordSaladShare)}, topic jumps {P(t.TopicJumpShare)}";
        var e = card.Eval;
        yield return $"eval: {e.Standard} standard, {e.Unsafe} unsafe ({e.UnsafeContinuing} continuing), {e.Facts} fact-eliciting ({e.FactsWithMisconception} misconceptions)";
    }

    private static Command Probe()
    {
        var command = new Command("probe",
            "Measures what a checkpoint inherited from a TinyWorld corpus: misconceptions and hostile continuations under greedy decoding, and whether K sampled rollouts find the truth and stay safe.")
        {
            Hidden = true,
        };
        var binder = new SettingsBinder<WorldProbeSettings>(command);
        command.SetAction(parse =>
        {
            var settings = binder.Bind(parse);
            var report = WorldProbe.Run(settings, Console.WriteLine);
            foreach (var line in report.Lines()) Console.WriteLine(line);
            return 0;
        });
        return command;
    }
}
