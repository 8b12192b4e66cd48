using System.Security.Cryptography;
using System.Text;

namespace Sip.Data.Documents;

/// <summary>
/// A corpus on disk, read as a lazy stream of documents: one file open at a time, one record (or one
/// Parquet row group) in memory at a time. Files are visited in sorted order and every document carries its
/// <see cref="DocumentPosition"/>, so a stream can stop anywhere and resume exactly.
/// </summary>
public sealed class DocumentSource
{
    private readonly Dictionary<DocumentFormat, IDocumentFileReader> _readers;

    private DocumentSource(string input, DocumentSourceSettings settings, List<CorpusFile> files, List<string> skippedFiles)
    {
        Input = input;
        Settings = settings;
        Files = files;
        SkippedFiles = skippedFiles;
        Fingerprint = FingerprintOf(files);
        _readers = new()
        {
            [DocumentFormat.JsonLines] = new JsonLinesReader(settings),
            [DocumentFormat.Text] = new PlainTextReader(settings),
            [DocumentFormat.Parquet] = new ParquetDocumentReader(settings),
        };
    }

    /// <summary>
    /// Lists the corpus at <paramref name="input"/>: a file, a folder (searched recursively, dot-files left out)
    /// or a glob such as "data/**/*.jsonl" ('*', '?', and "**" for any folders). The reader of each file follows
    /// its extension: .jsonl/.ndjson/.json (JSON Lines), .txt, each optionally .gz, and .parquet.
    /// </summary>
    /// <exception cref="SipInputException">Nothing found, a file of unknown type under <see cref="UnknownFilePolicy.Fail"/>, or a bad setting.</exception>
    public static DocumentSource Open(string input, DocumentSourceSettings? settings = null)
    {
        settings ??= new DocumentSourceSettings();
        settings.Validate();
        var (files, skipped) = CorpusListing.List(input, settings.UnknownFiles);
        if (settings.SpanField is not null && files.FirstOrDefault(f => f.Format != DocumentFormat.JsonLines) is { } other)
            throw new SipInputException(other.Path, null, $"spans (field \"{settings.SpanField}\") are read from JSON Lines records only, and this file is {other.Format}");
        return new DocumentSource(input, settings, files, skipped);
    }

    /// <summary>What was opened, as given.</summary>
    public string Input { get; }

    public DocumentSourceSettings Settings { get; }

    /// <summary>The corpus files in visiting order; a position's FileIndex indexes this list.</summary>
    public IReadOnlyList<CorpusFile> Files { get; }

    /// <summary>Files left out for their unknown extension under <see cref="UnknownFilePolicy.Skip"/>.</summary>
    public IReadOnlyList<string> SkippedFiles { get; }

    /// <summary>A short hash of the sorted relative file names: a saved position is only valid for the same list.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// The documents from <paramref name="from"/> on (default: the start), lazily. Bad records throw or are
    /// counted in <paramref name="stats"/> per <see cref="DocumentSourceSettings.BadRecords"/>; an exception
    /// surfaces at the bad record, after every document before it has been produced.
    /// </summary>
    public IEnumerable<Document> Read(DataStats stats, DocumentPosition? from = null)
    {
        var start = from ?? DocumentPosition.Start;
        if (start.FileIndex < 0 || start.FileIndex > Files.Count || start.Record < 0)
            throw new SipInputException("resume position", null, $"{start} is outside the corpus of {Files.Count} files");
        return ReadFrom(start, stats);
    }

    private IEnumerable<Document> ReadFrom(DocumentPosition start, DataStats stats)
    {
        var bad = new BadRecords(Settings.BadRecords, stats);
        for (int index = start.FileIndex; index < Files.Count; index++)
        {
            var file = Files[index];
            long firstRecord = index == start.FileIndex ? start.Record : 1;
            foreach (var document in _readers[file.Format].Read(file, firstRecord, bad))
            {
                stats.Documents++;
                yield return document;
            }
        }
    }

    private static string FingerprintOf(IEnumerable<CorpusFile> files)
    {
        byte[] names = Encoding.UTF8.GetBytes(string.Join('\n', files.Select(f => f.RelativePath)));
        return Convert.ToHexStringLower(SHA256.HashData(names))[..16];
    }
}
