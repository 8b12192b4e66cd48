using System.Runtime.CompilerServices;
using System.Text.Json;
using Sip.Model;
using Sip.Model.Checkpoints;
using static TorchSharp.torch;

namespace Sip.Tests.Goldens;

/// <summary>
/// The golden values tools/goldens/reference.py writes with PyTorch, in float64, from the Llama definition (not from
/// sip): a tiny model's weights, inputs, logits, gradients, ten training losses and DPO cases. Checked in, so CI needs
/// no Python; rerun the script to write them again.
/// </summary>
internal sealed class IndependentGoldens
{
    private IndependentGoldens(Dictionary<string, Tensor> tensors, JsonElement json)
    {
        Tensors = tensors;
        Json = json;
    }

    public Dictionary<string, Tensor> Tensors { get; }
    public JsonElement Json { get; }

    public static IndependentGoldens Load([CallerFilePath] string here = "")
    {
        string folder = Path.GetDirectoryName(here)!;
        var (tensors, _) = SafeTensors.Load(Path.Combine(folder, "tiny-llama.safetensors"));
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "tiny-llama.json"))).RootElement;
        return new IndependentGoldens(tensors, json);
    }

    public LlamaConfig Config
    {
        get
        {
            var c = Json.GetProperty("config");
            return new LlamaConfig
            {
                VocabSize = c.GetProperty("vocab").GetInt32(), Dim = c.GetProperty("dim").GetInt32(), Layers = c.GetProperty("layers").GetInt32(),
                Heads = c.GetProperty("heads").GetInt32(), KvHeads = c.GetProperty("kv_heads").GetInt32(), HiddenDim = c.GetProperty("hidden").GetInt32(),
                NormEps = c.GetProperty("eps").GetDouble(), RopeTheta = c.GetProperty("theta").GetDouble(), MaxSeqLen = c.GetProperty("max_seq").GetInt32(),
            };
        }
    }

    /// <summary>A float32 sip model holding the reference's weights.</summary>
    public LlamaModel Model()
    {
        var model = new LlamaModel(Config);
        using var _ = no_grad();
        foreach (var (name, parameter) in model.named_parameters()) parameter.copy_(Tensors["weight." + name]);
        return model;
    }

    /// <summary>‖a − b‖ / ‖b‖.</summary>
    public static double RelativeError(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var a = actual.to(ScalarType.Float64);
        var e = expected.to(ScalarType.Float64);
        return (a - e).norm().item<double>() / e.norm().item<double>();
    }
}
