namespace Sip.Data.Documents;

/// <summary>The reader a file gets, chosen by its extension.</summary>
public enum DocumentFormat
{
    /// <summary>.jsonl, .ndjson, .json: one JSON object per line (also .gz-compressed).</summary>
    JsonLines,

    /// <summary>.txt: plain text, split into documents by <see cref="TextLayout"/> (also .gz-compressed).</summary>
    Text,

    /// <summary>.parquet: one document per row, text in a named column.</summary>
    Parquet,
}
