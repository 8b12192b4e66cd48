using Sip.Interop;
using Sip.Teacher.Gguf;
using Sip.Tests.Interop;
using Sip.Tests.Metrics;

namespace Sip.Tests.Teacher.Gguf;

/// <summary>
/// One of sip's own tiny models (random weights, byte-level BPE, no chat template), exported to GGUF once for the
/// GGUF teacher's tests, and one client loaded over it with the plain template.
/// </summary>
public sealed class TinyGgufModel : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TinyGgufModel()
    {
        var checkpoint = _dir.File("ckpt");
        // Long enough for the judges' rendered prompts (a few hundred tokens of this small vocabulary) and an answer.
        using (InteropModels.SaveCheckpoint(checkpoint, InteropModels.Config() with { MaxSeqLen = 2048 })) { }
        Path = _dir.File("tiny.gguf");
        GgufExporter.Export(checkpoint, Path, ExportDType.F32);
        Client = LlamaCppChatClient.Load(Settings());
    }

    public string Path { get; }

    /// <summary>Loaded once: a second context per test would only repeat the load.</summary>
    public LlamaCppChatClient Client { get; }

    public GgufTeacherSettings Settings(string chatTemplate = GgufChatTemplate.PlainTemplate) => new()
    {
        Model = Path, ChatTemplate = chatTemplate, ContextSize = 2048, Threads = 1,
    };

    public void Dispose()
    {
        Client.Dispose();
        _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TinyGgufCollection : ICollectionFixture<TinyGgufModel>
{
    public const string Name = "tiny GGUF model";
}
