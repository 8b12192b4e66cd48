namespace Sip.Data.Documents;

/// <summary>Why a record was skipped under <see cref="BadRecordPolicy.Skip"/>; the keys of <see cref="DataStats.Skipped"/>.</summary>
public enum SkipReason
{
    /// <summary>A JSONL line that is not valid JSON, or not a JSON object.</summary>
    MalformedJson,

    /// <summary>The text field or column is absent from the record.</summary>
    MissingText,

    /// <summary>The text field holds something other than a string (null included).</summary>
    TextNotString,

    /// <summary>The id field is configured but absent, null, or neither a string nor a number.</summary>
    BadId,

    /// <summary>Bytes that are not valid UTF-8 (or a JSON escape that is not valid Unicode).</summary>
    InvalidUtf8,

    /// <summary>A file that holds no record at all.</summary>
    EmptyFile,

    /// <summary>The span field is configured and holds something other than a list of spans inside the text.</summary>
    BadSpans,
}
