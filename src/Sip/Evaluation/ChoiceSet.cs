using System.Text.Json;

namespace Sip.Evaluation;

/// <summary>
/// A multiple-choice item read by likelihood, as BoolQ, PIQA, ARC and MMLU are read in the paper's "Std avg": the
/// model scores each option as a continuation of <see cref="Context"/>, and the most likely option is its answer.
/// </summary>
/// <param name="Id">Stable id, for pairing two models' answers.</param>
/// <param name="Context">The text the options continue.</param>
/// <param name="Options">The continuations, each with its own leading space where the text needs one.</param>
/// <param name="Answer">Index of the right option.</param>
/// <param name="Kind">What the item tests: <c>truthful</c> (the truth against a planted misconception and distractors, as TruthfulQA's MC1/MC2), <c>cloze</c> (a fact against distractors), or a user's own name.</param>
public sealed record ChoiceItem(string Id, string Context, IReadOnlyList<string> Options, int Answer, string Kind);

/// <summary>A JSONL file of <see cref="ChoiceItem"/>s: fields id, context, options (strings), answer (index), kind.</summary>
public static class ChoiceSet
{
    public const string Truthful = "truthful";
    public const string Cloze = "cloze";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="path">The file.</param>
    /// <param name="limit">At most this many items (0: all).</param>
    /// <exception cref="SipInputException">A missing file, or a line that is not an item (named by line).</exception>
    public static IReadOnlyList<ChoiceItem> Load(string path, int limit = 0)
    {
        if (!File.Exists(path)) throw new SipInputException(path, null, "multiple-choice set not found");
        var items = new List<ChoiceItem>();
        long line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            ChoiceItem? item;
            try
            {
                item = JsonSerializer.Deserialize<ChoiceItem>(text, Json);
            }
            catch (JsonException e)
            {
                throw new SipInputException(path, line, $"not valid JSON: {e.Message}", e);
            }
            if (item is null || item.Context is null || item.Options is not { Count: >= 2 } || item.Options.Any(o => string.IsNullOrEmpty(o)))
                throw new SipInputException(path, line, "needs a string \"context\" and at least two non-empty \"options\"");
            if (item.Answer < 0 || item.Answer >= item.Options.Count)
                throw new SipInputException(path, line, $"answer {item.Answer} is not the index of one of its {item.Options.Count} options");
            items.Add(item with { Id = string.IsNullOrEmpty(item.Id) ? $"choice:{line}" : item.Id, Kind = item.Kind ?? "" });
            if (limit > 0 && items.Count >= limit) break;
        }
        if (items.Count == 0) throw new SipInputException(path, null, "holds no items");
        return items;
    }

    public static void Write(string path, IEnumerable<ChoiceItem> items) =>
        File.WriteAllLines(path, items.Select(i => JsonSerializer.Serialize(i, Json)));
}
