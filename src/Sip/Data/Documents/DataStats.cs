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
        Skipped = new Dictionary<SkipReason, long>(Skipped),
    };

    public override string ToString()
    {
        string skipped = string.Join(", ", Skipped.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"));
        return $"{Documents} documents, {Samples} samples, {TooShort} too short, {SkippedTotal} skipped"
            + (skipped.Length > 0 ? $" ({skipped})" : "");
    }
}
