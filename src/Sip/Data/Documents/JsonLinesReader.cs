using System.Text.Json;

namespace Sip.Data.Documents;

/// <summary>
/// JSON Lines: one JSON object per line, the text in <see cref="DocumentSourceSettings.TextField"/>.
/// Blank lines are not records and are passed over.
/// </summary>
internal sealed class JsonLinesReader(DocumentSourceSettings settings) : IDocumentFileReader
{
    public IEnumerable<Document> Read(CorpusFile file, long firstRecord, BadRecords bad)
    {
        bool sawRecord = false;
        using var lines = new LineSource(file);
        while (lines.TryReadLine(out var line))
        {
            if (StrictUtf8.IsBlank(line.Span)) continue;
            sawRecord = true;
            if (lines.LineNumber < firstRecord) continue;
            var document = Parse(file, lines.LineNumber, line, bad);
            if (document is not null) yield return document;
        }
        if (!sawRecord) bad.Report(SkipReason.EmptyFile, file.Path, null, "empty file: no JSON line in it");
    }

    private Document? Parse(CorpusFile file, long lineNumber, ReadOnlyMemory<byte> line, BadRecords bad)
    {
        // UTF-8 first, so a bad byte is reported as such rather than as broken JSON.
        int badOffset = StrictUtf8.FirstInvalidByte(line.Span);
        if (badOffset >= 0)
        {
            bad.Report(SkipReason.InvalidUtf8, file.Path, lineNumber, $"invalid UTF-8 at byte {badOffset + 1} of the line");
            return null;
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            bad.Report(SkipReason.MalformedJson, file.Path, lineNumber, $"malformed JSON: {e.Message}");
            return null;
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                bad.Report(SkipReason.MalformedJson, file.Path, lineNumber, $"expected a JSON object, got {Describe(root.ValueKind)}");
                return null;
            }
            string? text = ReadText(root, file, lineNumber, bad);
            if (text is null) return null;
            string? id = settings.IdField is null ? $"{file.RelativePath}:{lineNumber}" : ReadId(root, file, lineNumber, bad);
            if (id is null) return null;
            var document = new Document(id, text, new DocumentPosition(file.Index, lineNumber));
            if (settings.SpanField is null) return document;
            var spans = ReadSpans(root, text.Length, file, lineNumber, bad);
            return spans is null ? null : document with { Spans = spans };
        }
    }

    private string? ReadText(JsonElement root, CorpusFile file, long lineNumber, BadRecords bad)
    {
        string field = settings.TextField;
        if (!root.TryGetProperty(field, out var value))
        {
            bad.Report(SkipReason.MissingText, file.Path, lineNumber, $"missing text field \"{field}\"");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            bad.Report(SkipReason.TextNotString, file.Path, lineNumber, $"text field \"{field}\" is {Describe(value.ValueKind)}, not a string");
            return null;
        }
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escape such as "\ud800" that names half a surrogate pair: no valid text can hold it.
            bad.Report(SkipReason.InvalidUtf8, file.Path, lineNumber, $"text field \"{field}\" holds an escape that is not valid Unicode (a lone surrogate)");
            return null;
        }
    }

    private string? ReadId(JsonElement root, CorpusFile file, long lineNumber, BadRecords bad)
    {
        string field = settings.IdField!;
        if (root.TryGetProperty(field, out var value))
        {
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            if (value.ValueKind == JsonValueKind.Number) return value.GetRawText();
        }
        string found = value.ValueKind == JsonValueKind.Undefined ? "missing" : $"{Describe(value.ValueKind)}, not a string or number";
        bad.Report(SkipReason.BadId, file.Path, lineNumber, $"id field \"{field}\" is {found}");
        return null;
    }

    private List<DocumentSpan>? ReadSpans(JsonElement root, int textLength, CorpusFile file, long lineNumber, BadRecords bad)
    {
        string field = settings.SpanField!;
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            bad.Report(SkipReason.BadSpans, file.Path, lineNumber, $"span field \"{field}\" is {Describe(value.ValueKind)}, not a list of spans");
            return null;
        }
        var spans = new List<DocumentSpan>();
        int index = 0;
        foreach (var span in value.EnumerateArray())
        {
            index++;
            string? problem = span.ValueKind != JsonValueKind.Object ? $"is {Describe(span.ValueKind)}, not an object with kind, start and end"
                : !span.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String ? "has no string \"kind\""
                : !TryOffset(span, "start", out int start) ? "has no integer \"start\""
                : !TryOffset(span, "end", out int end) ? "has no integer \"end\""
                : start < 0 || start > end || end > textLength ? $"covers [{start}, {end}), outside the text's {textLength} characters or backwards"
                : Add(spans, new DocumentSpan(kind.GetString()!, start, end));
            if (problem is not null)
            {
                bad.Report(SkipReason.BadSpans, file.Path, lineNumber, $"span {index} of field \"{field}\" {problem}");
                return null;
            }
        }
        return spans;

        static string? Add(List<DocumentSpan> spans, DocumentSpan span)
        {
            spans.Add(span);
            return null;
        }

        static bool TryOffset(JsonElement span, string name, out int offset)
        {
            offset = 0;
            return span.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out offset);
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
