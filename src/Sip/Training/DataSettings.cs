using System.ComponentModel;
using Sip.Data.Documents;
using Sip.Data.Splitting;

namespace Sip.Training;

/// <summary>Which documents to read and how to cut them into (prefix, suffix) samples (paper §2).</summary>
public sealed record DataSettings : Sip.Settings.ISettingsValidation
{
    [Description("Training documents: a .jsonl, .txt or .parquet file, a folder of them, or a glob.")]
    public string Train { get; init; } = "";

    [Description("Held-out documents for validation loss; empty for none.")]
    public string? Val { get; init; }

    [Description("JSONL field or Parquet column holding the text.")]
    public string TextField { get; init; } = "text";

    [Description("JSONL field or Parquet column holding a document id; empty uses file:record.")]
    public string? IdField { get; init; }

    [Description("How .txt files are cut into documents.")]
    public TextLayout TextLayout { get; init; } = TextLayout.FilePerDocument;

    [Description("What to do with an unusable record: fail with its file and line, or skip and count it.")]
    public BadRecordPolicy BadRecords { get; init; } = BadRecordPolicy.Fail;

    [Description("N: tokens in each suffix (the paper's 128).")]
    public int SuffixTokens { get; init; } = 128;

    [Description("Shortest prefix a split may produce; shorter documents are skipped and counted.")]
    public int MinPrefixTokens { get; init; } = 32;

    public DocumentSourceSettings SourceSettings => new()
    {
        TextField = TextField, IdField = string.IsNullOrEmpty(IdField) ? null : IdField, TextLayout = TextLayout, BadRecords = BadRecords,
    };

    /// <summary>The split rule for a model that attends over <paramref name="maxSeqLen"/> tokens (BOS + prefix + suffix).</summary>
    public SplitSettings Split(int maxSeqLen) => new() { SuffixTokens = SuffixTokens, MinPrefixTokens = MinPrefixTokens, MaxSeqLen = maxSeqLen };

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Train)) yield return "train: must name the training documents";
        if (SuffixTokens < 1) yield return $"suffixTokens: must be positive, got {SuffixTokens}";
        if (MinPrefixTokens < 1) yield return $"minPrefixTokens: must be at least 1, got {MinPrefixTokens}";
    }
}
