namespace Sip.Data.Documents;

/// <summary>How to read a corpus. Every property has a usable default.</summary>
public sealed record DocumentSourceSettings
{
    /// <summary>The JSONL field, or the Parquet column, holding the document text. Default "text".</summary>
    public string TextField { get; init; } = "text";

    /// <summary>
    /// The JSONL field or Parquet column holding a document id (a string or a number). Default none:
    /// the id is then "relative/path:record".
    /// </summary>
    public string? IdField { get; init; }

    /// <summary>
    /// The JSONL field holding marked spans of the text, a list of <c>{"kind", "start", "end"}</c> objects with
    /// character offsets (TinyWorld's <c>"flaws"</c>), read into <see cref="Document.Spans"/>. Default none. A record
    /// without the field (or with null) has no spans. JSON Lines only.
    /// </summary>
    public string? SpanField { get; init; }

    /// <summary>How .txt files are cut into documents. Default one document per file.</summary>
    public TextLayout TextLayout { get; init; } = TextLayout.FilePerDocument;

    /// <summary>What to do with an unusable record or an empty file. Default <see cref="BadRecordPolicy.Fail"/>.</summary>
    public BadRecordPolicy BadRecords { get; init; } = BadRecordPolicy.Fail;

    /// <summary>What to do with a file of unknown extension. Default <see cref="UnknownFilePolicy.Fail"/>.</summary>
    public UnknownFilePolicy UnknownFiles { get; init; } = UnknownFilePolicy.Fail;

    /// <summary>Throws a <see cref="SipInputException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TextField))
            throw new SipInputException($"{nameof(DocumentSourceSettings)}.{nameof(TextField)}", null, "must name a field, got an empty name");
        if (IdField is not null && string.IsNullOrWhiteSpace(IdField))
            throw new SipInputException($"{nameof(DocumentSourceSettings)}.{nameof(IdField)}", null, "must name a field or be left out, got an empty name");
        if (SpanField is not null && string.IsNullOrWhiteSpace(SpanField))
            throw new SipInputException($"{nameof(DocumentSourceSettings)}.{nameof(SpanField)}", null, "must name a field or be left out, got an empty name");
    }
}
