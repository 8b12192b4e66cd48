using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Teacher.PostTraining;
using Sip.Training.Checkpointing;
using Sip.World.TeacherData;

namespace Sip.Benchmarks;

/// <summary>
/// A learned teacher made on the spot when the bench is given none: teacher data from the bench's world, a base of the
/// reproduction teacher's shape (d = 256, 4 layers, so its compute is a real teacher's; context 768 for the small vocabulary's longer rewrite examples) with random
/// weights and the bench's tokenizer, then SFT just long enough to answer in the verdict formats and end its turn, and
/// the one GRPO step the pipeline takes at least. Its verdicts are near chance: the bench times it, nothing trusts it.
/// </summary>
public static class TinyTeacher
{
    /// <summary>SFT steps: enough, from random weights, for the verdict formats and the end-of-turn marker.</summary>
    public const int SftSteps = 150;

    /// <summary>
    /// Builds the teacher under the bench's folder; returns its checkpoint and its held-out requests (test.jsonl). Its
    /// data's texts are about as long as the bench's (prefixes of at most 80 tokens, candidates of 16), so its prompts
    /// fit its context in the bench's small vocabulary.
    /// </summary>
    public static (string Checkpoint, string TestData) Build(OverlapStepBench bench, Action<string> log)
    {
        string root = Path.Combine(bench.Root, "teacher");
        string data = Path.Combine(root, "data");
        TeacherDataBuilder.Build(bench.World, new TeacherDataSettings { Train = 300, Val = 8, Test = 24, SuffixWords = 12, MaxPrefixWords = 60 }).Write(data);

        string baseFolder = Path.Combine(root, "base");
        var tokenizer = ByteLevelBpeTokenizer.Load(bench.Tokenizer);
        using (var model = new LlamaModel(new LlamaConfig { Dim = 256, Layers = 4, Heads = 8, KvHeads = 8, MaxSeqLen = 768, VocabSize = tokenizer.VocabSize }))
        {
            model.Initialize(17);
            Directory.CreateDirectory(baseFolder);
            PolicyCheckpoint.Save(baseFolder, model, tokenizer);
        }

        var defaults = new TeacherTrainSettings();
        var result = TeacherTrainer.Run(defaults with
        {
            Init = baseFolder, Data = data, World = bench.World, Out = Path.Combine(root, "post"), Check = false,
            Sft = defaults.Sft with { Steps = SftSteps, EvalEvery = SftSteps, CheckpointEvery = SftSteps, Optim = defaults.Sft.Optim with { WarmupSteps = 10 } },
            Grpo = defaults.Grpo with { Steps = 1, PromptsPerStep = 2, Group = 2, MicroBatch = 4, CheckpointEvery = 1 },
        }, log);
        return (result.Teacher, Path.Combine(data, TeacherDataSplits.TestFile));
    }
}
