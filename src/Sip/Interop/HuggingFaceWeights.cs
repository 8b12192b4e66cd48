using System.Text.Json;
using System.Text.Json.Nodes;
using Sip.Model.Checkpoints;
using static TorchSharp.torch;

namespace Sip.Interop;

/// <summary>
/// The weights of a Hugging Face model folder: model.safetensors, or the shards listed by model.safetensors.index.json.
/// Tensors in F32, BF16 or F16 are returned as fp32 (BF16 and F16 widen exactly); any other dtype is refused.
/// </summary>
public static class HuggingFaceWeights
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    private static readonly HashSet<string> FloatTypes = ["F32", "BF16", "F16"];

    /// <summary>The safetensors files of <paramref name="folder"/>, checked to exist; the index is preferred when both exist.</summary>
    public static IReadOnlyList<string> Files(string folder)
    {
        var index = Path.Combine(folder, IndexFile);
        if (File.Exists(index)) return ShardsOf(index);
        var single = Path.Combine(folder, SingleFile);
        if (File.Exists(single)) return [single];
        throw new SipInputException(folder, null, $"no weights: expected {SingleFile} or {IndexFile}");
    }

    private static IReadOnlyList<string> ShardsOf(string indexPath)
    {
        JsonObject map;
        try
        {
            map = (JsonNode.Parse(File.ReadAllText(indexPath)) as JsonObject)?["weight_map"] as JsonObject
                  ?? throw new SipInputException(indexPath, null, "has no weight_map object");
        }
        catch (JsonException e)
        {
            throw new SipInputException(indexPath, e.LineNumber + 1, $"not valid JSON: {e.Message}", e);
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var shards = new List<string>();
        foreach (var (tensor, file) in map)
        {
            if (file?.GetValueKind() != JsonValueKind.String) throw new SipInputException(indexPath, null, $"weight_map['{tensor}'] is not a file name");
            var name = file.GetValue<string>();
            if (name.Contains('/') || name.Contains('\\') || name is "." or "..")
                throw new SipInputException(indexPath, null, $"weight_map['{tensor}'] names '{name}', which is not a file in this folder");
            var path = Path.Combine(folder, name);
            if (!shards.Contains(path)) shards.Add(path);
        }
        foreach (var shard in shards)
        {
            if (!File.Exists(shard)) throw new SipInputException(shard, null, $"missing shard: {IndexFile} lists it but the file does not exist");
        }
        return shards;
    }

    /// <summary>
    /// Reads every tensor of every file as fp32, keyed by its Hugging Face name. Headers are all validated before any
    /// data is read, so a bad last shard fails fast; a name found in two shards is an error.
    /// </summary>
    /// <returns>The tensors, and for each name the file it came from (for error messages).</returns>
    public static (Dictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Files) LoadFp32(IReadOnlyList<string> files)
    {
        var owner = new Dictionary<string, string>();
        foreach (var file in files)
        {
            foreach (var entry in SafeTensors.ReadHeader(file).Entries)
            {
                if (!FloatTypes.Contains(entry.DType))
                    throw new SipInputException(file, null, $"tensor '{entry.Name}' has dtype {entry.DType}; sip imports F32, BF16 and F16 weights (not quantized ones)");
                if (!owner.TryAdd(entry.Name, file)) throw new SipInputException(file, null, $"tensor '{entry.Name}' is also in {owner[entry.Name]}");
            }
        }
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var file in files)
            {
                var (tensors, _) = SafeTensors.Load(file);
                foreach (var (name, t) in tensors)
                {
                    if (t.dtype == ScalarType.Float32) { result[name] = t; continue; }
                    result[name] = t.to(ScalarType.Float32);
                    t.Dispose();
                }
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return (result, owner);
    }
}
