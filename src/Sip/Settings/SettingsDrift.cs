using System.Text.Json.Nodes;

namespace Sip.Settings;

/// <summary>
/// What changed in a run's settings since a checkpoint saved them. A resumed run only matches the uninterrupted one
/// when nothing that shapes training changed; a user may still mean to change something (a longer run, a lower
/// learning rate), so the differences are reported, not refused.
/// </summary>
public static class SettingsDrift
{
    /// <summary>Settings that change how a run is watched or kept, and <c>steps</c>, how a run is extended (its
    /// schedule then stretches from the resumed step on): changing them on resume is expected, so not reported.</summary>
    public static readonly IReadOnlySet<string> Bookkeeping = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "out", "steps", "logEvery", "keepCheckpoints", "threads", "sampleLogEvery" };

    /// <summary>
    /// "path: saved → now" for every setting that differs between <paramref name="savedPath"/> (a checkpoint's
    /// settings.json) and <paramref name="current"/>, top-level names in <see cref="Bookkeeping"/> aside. A missing or
    /// unreadable file gives no differences: there is nothing to compare with.
    /// </summary>
    public static IReadOnlyList<string> Between<T>(string savedPath, T current) where T : class
    {
        JsonNode? saved;
        try { saved = File.Exists(savedPath) ? JsonNode.Parse(File.ReadAllText(savedPath)) : null; }
        catch (System.Text.Json.JsonException) { return []; }
        if (saved is null) return [];
        var now = JsonNode.Parse(SettingsFile.ToJson(current));
        var changes = new List<string>();
        Compare(saved, now, "", changes);
        return changes;
    }

    private static void Compare(JsonNode? saved, JsonNode? now, string path, List<string> changes)
    {
        if (saved is JsonObject a && now is JsonObject b)
        {
            foreach (var name in a.Select(p => p.Key).Union(b.Select(p => p.Key), StringComparer.OrdinalIgnoreCase))
            {
                if (path.Length == 0 && Bookkeeping.Contains(name)) continue;
                Compare(Child(a, name), Child(b, name), path.Length == 0 ? name : $"{path}.{name}", changes);
            }
            return;
        }
        string before = Text(saved), after = Text(now);
        if (before != after) changes.Add($"{path}: {before} → {after}");
    }

    private static JsonNode? Child(JsonObject node, string name) =>
        node.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "(absent)";
}
