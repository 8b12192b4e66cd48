namespace Sip.Data.Documents;

/// <summary>
/// Where a document sits in a corpus: the index of its file in the sorted file list, and its 1-based record
/// number inside that file. The record is the line for JSONL and line-per-document text, the first line of the
/// paragraph for blank-line-separated text, 1 for a file-per-document text file, and the 1-based row (counted
/// across row groups) for Parquet. Used as a resume point it means "the first record not yet consumed".
/// </summary>
public readonly record struct DocumentPosition(int FileIndex, long Record)
{
    /// <summary>The beginning of the corpus.</summary>
    public static DocumentPosition Start => new(0, 1);

    /// <summary>The resume point just after this document.</summary>
    public DocumentPosition Next() => this with { Record = Record + 1 };

    public override string ToString() => $"file {FileIndex}, record {Record}";
}
