using Sip.Interop;
using Sip.Tests.Cli;
using Sip.Tests.Metrics;

namespace Sip.Tests.Interop;

/// <summary>The export and import commands, run as a user runs them.</summary>
public sealed class InteropCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ExportImportAndGenerate_WorkFromTheCommandLine()
    {
        InteropModels.SaveCheckpoint(_dir.File("ckpt"), InteropModels.Config()).Dispose();

        var export = SipProcess.Run(["export", "--checkpoint", _dir.File("ckpt"), "--format", "safetensors", "--out", _dir.File("hf")]);
        var gguf = SipProcess.Run(["export", "--checkpoint", _dir.File("ckpt"), "--format", "gguf", "--dtype", "f16", "--out", _dir.File("m.gguf")]);
        var import = SipProcess.Run(["import", "--from", _dir.File("hf"), "--out", _dir.File("back")]);
        var generate = SipProcess.Run(["generate", "--checkpoint", _dir.File("back"), "--prompt", "the kaloter", "--maxNewTokens", "4", "--sampling.temperature", "0"]);

        Assert.True(export.ExitCode == 0, export.All);
        Assert.True(gguf.ExitCode == 0, gguf.All);
        Assert.True(import.ExitCode == 0, import.All);
        Assert.True(generate.ExitCode == 0, generate.All);
        Assert.Contains("config.json", export.StdOut);
        Assert.Equal(1u, (uint)GgufReader.Read(_dir.File("m.gguf")).Metadata["general.file_type"].Content);
        Assert.Contains("2 layers", import.StdOut);
        Assert.Contains("the kaloter▌", generate.StdOut);
    }

    [Fact]
    public void BadInput_IsOneErrorLineAndExitCode2()
    {
        Directory.CreateDirectory(_dir.File("empty"));
        File.WriteAllText(_dir.File("empty/config.json"), """{"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"]}""");

        var import = SipProcess.Run(["import", "--from", _dir.File("empty"), "--out", _dir.File("x")]);
        var export = SipProcess.Run(["export", "--checkpoint", _dir.File("empty"), "--format", "onnx", "--out", _dir.File("y")]);

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("sip: error:", import.StdErr);
        Assert.Contains("unsupported architecture GPT2LMHeadModel", import.StdErr);
        Assert.Equal(2, export.ExitCode);
        Assert.Contains("'onnx' is not safetensors or gguf", export.StdErr);
    }
}
