using System.Text;

namespace Sip.Data.Documents;

/// <summary>Plain UTF-8 text, cut into documents by <see cref="TextLayout"/>.</summary>
internal sealed class PlainTextReader(DocumentSourceSettings settings) : IDocumentFileReader
{
    public IEnumerable<Document> Read(CorpusFile file, long firstRecord, BadRecords bad) => settings.TextLayout switch
    {
        TextLayout.FilePerDocument => ReadWholeFile(file, firstRecord, bad),
        TextLayout.LinePerDocument => ReadLines(file, firstRecord, bad),
        TextLayout.BlankLineSeparated => ReadParagraphs(file, firstRecord, bad),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.TextLayout, "unknown text layout"),
    };

    private static IEnumerable<Document> ReadWholeFile(CorpusFile file, long firstRecord, BadRecords bad)
    {
        if (firstRecord > 1) yield break;
        byte[] all = ReadAllBytes(file);
        var bytes = StrictUtf8.WithoutBom(all);
        if (StrictUtf8.IsBlank(bytes))
        {
            bad.Report(SkipReason.EmptyFile, file.Path, null, "empty file: no text in it");
            yield break;
        }
        if (!StrictUtf8.TryDecode(bytes, out string text, out int badOffset))
        {
            var (line, column) = LineAndColumn(bytes[..badOffset]);
            bad.Report(SkipReason.InvalidUtf8, file.Path, line, $"invalid UTF-8 at byte {column} of the line");
            yield break;
        }
        yield return new Document(file.RelativePath, text, new DocumentPosition(file.Index, 1));
    }

    private static IEnumerable<Document> ReadLines(CorpusFile file, long firstRecord, BadRecords bad)
    {
        bool sawRecord = false;
        using var lines = new LineSource(file);
        while (lines.TryReadLine(out var line))
        {
            if (StrictUtf8.IsBlank(line.Span)) continue;
            sawRecord = true;
            if (lines.LineNumber < firstRecord) continue;
            if (!StrictUtf8.TryDecode(line.Span, out string text, out int badOffset))
            {
                bad.Report(SkipReason.InvalidUtf8, file.Path, lines.LineNumber, $"invalid UTF-8 at byte {badOffset + 1} of the line");
                continue;
            }
            yield return new Document($"{file.RelativePath}:{lines.LineNumber}", text, new DocumentPosition(file.Index, lines.LineNumber));
        }
        if (!sawRecord) bad.Report(SkipReason.EmptyFile, file.Path, null, "empty file: no text in it");
    }

    private static IEnumerable<Document> ReadParagraphs(CorpusFile file, long firstRecord, BadRecords bad)
    {
        bool sawRecord = false;
        var paragraph = new StringBuilder();
        long firstLine = 0;
        bool broken = false;
        using var lines = new LineSource(file);
        while (true)
        {
            bool more = lines.TryReadLine(out var line);
            if (!more || StrictUtf8.IsBlank(line.Span))
            {
                // A paragraph ends at a blank line or at the end of the file.
                if (firstLine > 0 && !broken && firstLine >= firstRecord)
                    yield return new Document($"{file.RelativePath}:{firstLine}", paragraph.ToString(), new DocumentPosition(file.Index, firstLine));
                (firstLine, broken) = (0, false);
                paragraph.Clear();
                if (!more) break;
                continue;
            }
            if (firstLine == 0)
            {
                firstLine = lines.LineNumber;
                sawRecord = true;
            }
            if (broken || firstLine < firstRecord) continue;
            if (!StrictUtf8.TryDecode(line.Span, out string text, out int badOffset))
            {
                // The whole paragraph is one record: under Skip it goes, counted once.
                bad.Report(SkipReason.InvalidUtf8, file.Path, lines.LineNumber, $"invalid UTF-8 at byte {badOffset + 1} of the line");
                broken = true;
                continue;
            }
            if (paragraph.Length > 0) paragraph.Append('\n');
            paragraph.Append(text);
        }
        if (!sawRecord) bad.Report(SkipReason.EmptyFile, file.Path, null, "empty file: no text in it");
    }

    private static byte[] ReadAllBytes(CorpusFile file)
    {
        using var stream = CorpusFileStreams.OpenRead(file);
        try
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw CorpusFileStreams.ReadFailed(file, null, e);
        }
    }

    /// <summary>1-based line of the byte after <paramref name="before"/>, and its 1-based byte column.</summary>
    private static (long Line, int Column) LineAndColumn(ReadOnlySpan<byte> before)
    {
        int lastNewline = before.LastIndexOf((byte)'\n');
        return (before.Count((byte)'\n') + 1, before.Length - lastNewline);
    }
}
