using Sip.Data.Documents;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Teacher.PostTraining;
using Sip.Training.Checkpointing;
using Sip.World;

namespace Sip.Tests.Server;

/// <summary>
/// A tiny untrained sip checkpoint that can be a teacher (its tokenizer has sip's chat markers), on disk: enough for
/// <c>sip teacher serve --checkpoint</c> to answer, in well under a second per answer. Its answers are nonsense, but
/// deterministic at temperature 0 and seeded when sampled, which is what the serving tests compare.
/// </summary>
public sealed class ServedCheckpoint : IDisposable
{
    public ServedCheckpoint()
    {
        Root = Directory.CreateTempSubdirectory("sip-served-checkpoint-").FullName;
        string world = Path.Combine(Root, "world");
        TinyWorld.Generate(new WorldSettings { Seed = 7, TrainDocuments = 120, ValDocuments = 5, EvalStandard = 5, EvalUnsafe = 5, EvalFacts = 5 }, world);
        var texts = DocumentSource.Open(Path.Combine(world, TinyWorld.TrainFile)).Read(new DataStats()).Select(d => d.Text).ToList();
        Sentences = texts.Take(8).Select(t => string.Join(' ', t.Split(' ').Take(12))).ToList();

        var tokenizer = BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = 400 });
        using var random = new LlamaModel(new LlamaConfig { Dim = 32, Layers = 1, Heads = 4, KvHeads = 2, HiddenDim = 64, MaxSeqLen = 1536, VocabSize = tokenizer.VocabSize });
        random.Initialize(3);
        var (model, chat) = ChatReadyBase.Prepare(random, tokenizer);
        Folder = Path.Combine(Root, "teacher");
        Directory.CreateDirectory(Folder);
        PolicyCheckpoint.Save(Folder, model, chat);
        if (!ReferenceEquals(model, random)) model.Dispose();
    }

    public string Root { get; }

    /// <summary>The checkpoint folder.</summary>
    public string Folder { get; }

    /// <summary>Short texts from the checkpoint's corpus, for requests.</summary>
    public IReadOnlyList<string> Sentences { get; }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
