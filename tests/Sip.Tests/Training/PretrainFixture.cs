using System.Text.Json;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Training;
using Sip.Training.Optimization;
using Sip.Training.Pretraining;

namespace Sip.Tests.Training;

/// <summary>A small generated corpus, a BPE trained on it, and settings for a tiny model: enough to run real training loops in a second.</summary>
public sealed class PretrainFixture : IDisposable
{
    private static readonly string[] Animals = ["cat", "dog", "owl", "fox", "hen", "elk", "bee", "ant"];
    private static readonly string[] Places = ["mill", "barn", "river", "hill", "wood", "lake"];
    private static readonly string[] Verbs = ["sees", "follows", "visits", "greets", "avoids"];

    public PretrainFixture()
    {
        Root = Directory.CreateTempSubdirectory("sip-pretrain-").FullName;
        var rng = new Rng(7);
        string Document()
        {
            var sentences = Enumerable.Range(0, 12).Select(_ =>
                $"The {Animals[rng.NextInt(0, Animals.Length)]} {Verbs[rng.NextInt(0, Verbs.Length)]} the {Animals[rng.NextInt(0, Animals.Length)]} near the {Places[rng.NextInt(0, Places.Length)]}.");
            return string.Join(" ", sentences);
        }
        File.WriteAllLines(Path.Combine(Root, "train.jsonl"), Enumerable.Range(0, 300).Select(_ => JsonSerializer.Serialize(new { text = Document() })));
        File.WriteAllLines(Path.Combine(Root, "val.jsonl"), Enumerable.Range(0, 20).Select(_ => JsonSerializer.Serialize(new { text = Document() })));
        var tokenizer = BpeTrainer.Train(File.ReadLines(Path.Combine(Root, "train.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!),
            new BpeTrainerOptions { VocabSize = 320 });
        TokenizerPath = Path.Combine(Root, "tokenizer.json");
        tokenizer.Save(TokenizerPath);
    }

    public string Root { get; }
    public string TokenizerPath { get; }

    public PretrainSettings Settings(string runName) => new()
    {
        Tokenizer = TokenizerPath,
        Out = Path.Combine(Root, runName),
        Model = new LlamaConfig { Dim = 32, Layers = 2, Heads = 4, KvHeads = 2, HiddenDim = 64, MaxSeqLen = 64 },
        Optim = new OptimSettings { Lr = 3e-3, WarmupSteps = 2 },
        Data = new DataSettings { Train = Path.Combine(Root, "train.jsonl"), Val = Path.Combine(Root, "val.jsonl"), SuffixTokens = 16, MinPrefixTokens = 8 },
        Steps = 10, BatchSize = 8, MicroBatch = 4, CheckpointEvery = 100, EvalEvery = 0, EvalSamples = 8, LogEvery = 1, Seed = 3,
    };

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>A metrics sink that keeps everything in memory, for assertions.</summary>
internal sealed class RecordingSink : Sip.Metrics.IMetricsSink
{
    public List<(long Step, IReadOnlyDictionary<string, double> Scalars)> Records { get; } = [];
    public void Write(long step, IReadOnlyDictionary<string, double> scalars) => Records.Add((step, new Dictionary<string, double>(scalars)));
    public void Flush() { }
    public void Dispose() { }
}
