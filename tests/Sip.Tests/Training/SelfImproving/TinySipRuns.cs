using Sip.Model;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.Optimization;
using Sip.Training.SelfImproving;

namespace Sip.Tests.Training.SelfImproving;

/// <summary>A tiny SIP run over the pretraining fixture's corpus: a 2-layer policy from scratch, 4 steps of 4 prefixes, suffix + 3 rollouts.</summary>
internal static class TinySipRuns
{
    public static SipSettings Settings(PretrainFixture fixture, string run, Method method = Method.Dpo) => new()
    {
        Tokenizer = fixture.TokenizerPath,
        Out = Path.Combine(fixture.Root, run),
        Method = method,
        Model = new LlamaConfig { Dim = 32, Layers = 2, Heads = 4, KvHeads = 2, HiddenDim = 64, MaxSeqLen = 64 },
        Optim = new OptimSettings { Lr = 3e-3, WarmupSteps = 1 },
        Data = new DataSettings { Train = Path.Combine(fixture.Root, "train.jsonl"), SuffixTokens = 8, MinPrefixTokens = 8 },
        Pool = new CandidatePoolSettings { Suffix = true, Rollouts = 3 },
        Steps = 4, BatchSize = 4, MicroBatch = 8, CheckpointEvery = 100, Seed = 5,
    };
}
