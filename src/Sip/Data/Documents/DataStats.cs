using System.Text.Json.Serialization;

namespace Sip.Data.Documents;

/// <summary>
/// Counts of what the data path did: documents read, samples made, and everything it left out and why.
/// Nothing is dropped without landing in one of these counts. Part of the checkpointed stream state, so the
/// counts after a resume equal those of an uninterrupted run.
/// </summary>
public sealed class DataStats
{
    /// <summary>Documents the source produced (skipped records not included).</summary>
    public long Documents { get; set; }

    /// <summary>Samples (prefix, suffix) the splitter produced.</summary>
    public long Samples { get; set; }

    /// <summary>Documents with fewer tokens than MinPrefixTokens + SuffixTokens.</summary>
    public long TooShort { get; set; }

    /// <summary>Documents left out because they hold no span of the kinds that anchor the split (<see cref="Splitting.SplitSettings.AnchorKinds"/>).</summary>
    public long Unanchored { get; set; }

    /// <summary>Documents whose anchor spans no cut can reach: too early for the shortest prefix, or too late for a full suffix (or, keeping the start, for the context).</summary>
    public long AnchorOutOfReach { get; set; }

    /// <summary>Records (and empty files) skipped under <see cref="BadRecordPolicy.Skip"/>, by reason.</summary>
    public Dictionary<SkipReason, long> Skipped { get; set; } = [];

    /// <summary>All skipped records, whatever the reason.</summary>
    [JsonIgnore]
    public long SkippedTotal => Skipped.Values.Sum();

    public void CountSkipped(SkipReason reason) =>
        Skipped[reason] = Skipped.GetValueOrDefault(reason) + 1;

    public DataStats Clone() => new()
    {
        Documents = Documents,
        Samples = Samples,
        TooShort = TooShort,
        Unanchored = Unanchored,
        AnchorOutOfReach = AnchorOutOfReach,
        Skipped = new Dictionary<SkipReason, long>(Skipped),
    };

    public override string ToString()
    {
        string skipped = string.Join(", ", Skipped.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"));
        string anchored = Unanchored + AnchorOutOfReach > 0 ? $", {Unanchored} without an anchor span, {AnchorOutOfReach} with the anchor out of reach" : "";
        return $"{Documents} documents, {Samples} samples, {TooShort} too short{anchored}, {SkippedTotal} skipped"
            + (skipped.Length > 0 ? $" ({skipped})" : "");
    }
}
