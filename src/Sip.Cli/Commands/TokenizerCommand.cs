using System.CommandLine;
using System.Diagnostics;
using Sip.Cli.Settings;
using Sip.Data;
using Sip.Data.Documents;
using Sip.Data.Tokenization;

namespace Sip.Cli.Commands;

internal static class TokenizerCommand
{
    public static Command Create()
    {
        var tokenizer = new Command("tokenizer", "Tokenizer tools.");
        var train = new Command("train", "Learns a byte-level BPE tokenizer from a corpus and saves it as a Hugging Face tokenizer.json.");
        var binder = new SettingsBinder<TokenizerTrainSettings>(train);
        train.SetAction(parse =>
        {
            var settings = binder.Bind(parse);
            var source = DocumentSource.Open(settings.Input, new DocumentSourceSettings { TextField = settings.TextField, TextLayout = settings.TextLayout });
            var stats = new DataStats();
            var clock = Stopwatch.StartNew();
            int lastPercent = -1;
            var result = BpeTrainer.Train(source.Read(stats).Select(d => d.Text), new BpeTrainerOptions
            {
                VocabSize = settings.VocabSize,
                MinFrequency = settings.MinFrequency,
                Progress = new Reporter(p =>
                {
                    if (p.Phase != BpeTrainingPhase.LearningMerges) return;
                    int percent = (int)(p.MergeFraction * 100);
                    if (percent / 10 == lastPercent / 10) return;
                    lastPercent = percent;
                    Console.WriteLine($"  merges {p.Merges}/{p.TargetMerges} ({percent}%) after {p.Documents} documents, {p.Characters:N0} characters");
                }),
            });
            result.Save(settings.Out);
            Console.WriteLine($"wrote {settings.Out}: {result.VocabSize} ids from {stats.Documents} documents in {clock.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        tokenizer.Subcommands.Add(train);
        return tokenizer;
    }

    private sealed class Reporter(Action<BpeTrainingProgress> report) : IProgress<BpeTrainingProgress>
    {
        public void Report(BpeTrainingProgress value) => report(value);
    }
}
