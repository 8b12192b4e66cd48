namespace Sip.Data.Documents;

/// <summary>How a plain text file is cut into documents.</summary>
public enum TextLayout
{
    /// <summary>
    /// The whole file is one document (the default: a loose .txt is usually one book, article or page;
    /// corpora with many short documents per file ship as JSONL or Parquet).
    /// </summary>
    FilePerDocument,

    /// <summary>Each non-blank line is a document; blank lines are ignored.</summary>
    LinePerDocument,

    /// <summary>Documents are runs of non-blank lines, separated by one or more blank (whitespace-only) lines.</summary>
    BlankLineSeparated,
}
