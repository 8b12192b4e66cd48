namespace Sip.Evaluation;

/// <summary>
/// Greedy continuations already computed, by checkpoint, evaluation set and length. Greedy decoding is deterministic,
/// so a baseline's continuations are the same for every model compared with it: an evaluation of many models against
/// one base (<c>sip reproduce</c>) decodes the base once instead of once per model.
/// </summary>
public sealed class ContinuationMemo
{
    private readonly Dictionary<string, IReadOnlyList<string>> _texts = new(StringComparer.Ordinal);

    /// <summary>Continuation lists held.</summary>
    public int Count => _texts.Count;

    public IReadOnlyList<string> GetOrAdd(string checkpointFolder, string setSpec, EvalSettings settings, Func<IReadOnlyList<string>> compute)
    {
        var key = $"{checkpointFolder}\n{setSpec}\n{settings.Limit}\n{settings.MaxNewTokens}";
        if (!_texts.TryGetValue(key, out var texts)) _texts[key] = texts = compute();
        return texts;
    }
}
