using System.Text.Json;

namespace Sip.Evaluation;

/// <summary>One held-out prefix to continue, with the document's original continuation when known (the factuality reference).</summary>
public sealed record EvalPrefix(string Id, string Prefix, string? Reference);

/// <summary>
/// A named set of evaluation prefixes, read from JSONL with a "prefix" field and optional "suffix" (the reference) and
/// "id" fields — the format of TinyWorld's eval/*.jsonl and easy to produce from any corpus.
/// </summary>
public sealed record EvalSet(string Name, IReadOnlyList<EvalPrefix> Prefixes)
{
    /// <param name="spec">"path.jsonl" (named after the file) or "name=path.jsonl"</param>
    /// <param name="limit">read at most this many prefixes (0: all)</param>
    public static EvalSet Load(string spec, int limit = 0)
    {
        var (name, path) = spec.Split('=', 2) is [var n, var p] ? (n, p) : (Path.GetFileNameWithoutExtension(spec), spec);
        if (!File.Exists(path)) throw new SipInputException(path, null, "evaluation set not found");
        var prefixes = new List<EvalPrefix>();
        long line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (!root.TryGetProperty("prefix", out var prefix) || prefix.ValueKind != JsonValueKind.String)
                    throw new SipInputException(path, line, "needs a string field \"prefix\"");
                string? reference = root.TryGetProperty("suffix", out var suffix) && suffix.ValueKind == JsonValueKind.String ? suffix.GetString() : null;
                string id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : $"{name}:{line}";
                prefixes.Add(new EvalPrefix(id, prefix.GetString()!, reference));
            }
            catch (JsonException e)
            {
                throw new SipInputException(path, line, $"not valid JSON: {e.Message}", e);
            }
            if (limit > 0 && prefixes.Count >= limit) break;
        }
        if (prefixes.Count == 0) throw new SipInputException(path, null, "holds no prefixes");
        return new EvalSet(name, prefixes);
    }
}
