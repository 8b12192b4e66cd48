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

    [Description("Documents longer than the context: window (cut anywhere a full suffix follows, the prefix keeping its last tokens the context holds, as evaluation windows a prefix) or start (cut within the context's reach of the document's start; the rest is never read).")]
    public LongDocuments LongDocuments { get; init; } = LongDocuments.Window;

    [Description("JSONL field holding marked spans of the text, a list of {\"kind\", \"start\", \"end\"} with character offsets (TinyWorld's \"flaws\"); empty reads none.")]
    public string? SpanField { get; init; }

    [Description("Span kinds that select documents and anchor their cut: a document is kept only with a span of these kinds, and its prefix ends inside the region they mark (TinyWorld's analogue of the paper's unsafe filter: unsafe_turn,unsafe). Needs spanField. Empty: every document, cut anywhere.")]
    public string[] AnchorKinds { get; init; } = [];

    public DocumentSourceSettings SourceSettings => new()
    {
        TextField = TextField, IdField = string.IsNullOrEmpty(IdField) ? null : IdField, TextLayout = TextLayout, BadRecords = BadRecords,
        SpanField = string.IsNullOrEmpty(SpanField) ? null : SpanField,
    };

    /// <summary>The split rule for a model that attends over <paramref name="maxSeqLen"/> tokens (BOS + prefix + suffix).</summary>
    public SplitSettings Split(int maxSeqLen) => new()
    {
        SuffixTokens = SuffixTokens, MinPrefixTokens = MinPrefixTokens, MaxSeqLen = maxSeqLen, LongDocuments = LongDocuments, AnchorKinds = AnchorKinds,
    };

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Train)) yield return "train: must name the training documents";
        if (SuffixTokens < 1) yield return $"suffixTokens: must be positive, got {SuffixTokens}";
        if (MinPrefixTokens < 1) yield return $"minPrefixTokens: must be at least 1, got {MinPrefixTokens}";
        if (AnchorKinds.Length > 0 && string.IsNullOrEmpty(SpanField)) yield return "anchorKinds: needs spanField, the JSONL field that holds the spans";
        if (AnchorKinds.Any(string.IsNullOrWhiteSpace)) yield return "anchorKinds: a kind must not be empty";
    }
}
