using Parquet;
using Parquet.Schema;

namespace Sip.Data.Documents;

/// <summary>
/// Parquet: one document per row, the text in the top-level column <see cref="DocumentSourceSettings.TextField"/>
/// (a string or binary column). Row groups are read one at a time, so memory holds one row group's text
/// column, never the file.
/// </summary>
/// <remarks>
/// Parquet.Net decodes string columns with a lenient decoder that turns bad bytes into U+FFFD. To catch
/// invalid UTF-8 the column is read as raw bytes instead (through a byte-array field of the same name) and
/// decoded strictly here. Parquet.Net is async only; the stream is synchronous, so each call is run on the
/// thread pool and waited for, which cannot deadlock on a caller's synchronization context.
/// </remarks>
internal sealed class ParquetDocumentReader(DocumentSourceSettings settings) : IDocumentFileReader
{
    public IEnumerable<Document> Read(CorpusFile file, long firstRecord, BadRecords bad)
    {
        var reader = Open(file);
        try
        {
            foreach (var document in ReadRows(file, reader, firstRecord, bad))
                yield return document;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private IEnumerable<Document> ReadRows(CorpusFile file, ParquetReader reader, long firstRecord, BadRecords bad)
    {
        var text = ColumnAsBytes(file, reader, settings.TextField, "text");
        var id = settings.IdField is null ? null : ColumnAsBytes(file, reader, settings.IdField, "id");
        if (reader.RowGroups.Sum(g => g.RowCount) == 0)
        {
            bad.Report(SkipReason.EmptyFile, file.Path, null, "empty file: the Parquet file has no rows");
            yield break;
        }

        long rowsBefore = 0;
        for (int group = 0; group < reader.RowGroupCount; group++)
        {
            long rows = reader.RowGroups[group].RowCount;
            // Resume: a row group wholly before the first wanted row is never read.
            if (rowsBefore + rows < firstRecord)
            {
                rowsBefore += rows;
                continue;
            }
            var texts = ReadColumn(file, reader, group, text, rows);
            var ids = id is null ? null : ReadColumn(file, reader, group, id, rows);
            for (int i = 0; i < rows; i++)
            {
                long row = rowsBefore + i + 1;
                if (row < firstRecord) continue;
                var document = ToDocument(file, row, texts[i], ids?[i], bad);
                if (document is not null) yield return document;
            }
            rowsBefore += rows;
        }
    }

    private Document? ToDocument(CorpusFile file, long row, byte[]? textBytes, byte[]? idBytes, BadRecords bad)
    {
        if (textBytes is null)
        {
            bad.Report(SkipReason.TextNotString, file.Path, row, $"text column \"{settings.TextField}\" is null in this row");
            return null;
        }
        if (!StrictUtf8.TryDecode(textBytes, out string text, out int badOffset))
        {
            bad.Report(SkipReason.InvalidUtf8, file.Path, row, $"invalid UTF-8 at byte {badOffset + 1} of column \"{settings.TextField}\"");
            return null;
        }
        string documentId = $"{file.RelativePath}:{row}";
        if (settings.IdField is not null)
        {
            if (idBytes is null || !StrictUtf8.TryDecode(idBytes, out documentId, out _))
            {
                bad.Report(SkipReason.BadId, file.Path, row, $"id column \"{settings.IdField}\" is {(idBytes is null ? "null" : "not valid UTF-8")} in this row");
                return null;
            }
        }
        return new Document(documentId, text, new DocumentPosition(file.Index, row));
    }

    private static ParquetReader Open(CorpusFile file)
    {
        if (!File.Exists(file.Path))
            throw new SipInputException(file.Path, null, "file not found (was it removed after the corpus was listed?)");
        try
        {
            return Wait(() => ParquetReader.CreateAsync(file.Path));
        }
        catch (Exception e) when (e is not SipInputException)
        {
            string why = new FileInfo(file.Path).Length == 0 ? "empty file: 0 bytes, not a Parquet file" : $"not a readable Parquet file: {e.Message}";
            throw new SipInputException(file.Path, null, why, e);
        }
    }

    /// <summary>
    /// A detached byte-array field for the named top-level string or binary column; reading through it
    /// yields the column's raw bytes. Missing or non-text columns are configuration errors, not bad records.
    /// </summary>
    private static DataField ColumnAsBytes(CorpusFile file, ParquetReader reader, string name, string role)
    {
        var fields = reader.Schema.DataFields;
        var field = fields.FirstOrDefault(f => f.Path.ToString() == name);
        if (field is null)
        {
            string have = string.Join(", ", fields.Select(f => $"\"{f.Path}\""));
            throw new SipInputException(file.Path, null, $"missing {role} column \"{name}\" (columns: {have})");
        }
        bool isText = field.ClrType == typeof(ReadOnlyMemory<char>) || field.ClrType == typeof(ReadOnlyMemory<byte>)
            || field.ClrType == typeof(string) || field.ClrType == typeof(byte[]);
        if (!isText || field.IsArray)
            throw new SipInputException(file.Path, null, $"{role} column \"{name}\" holds {(field.IsArray ? "lists" : field.ClrType.Name)}, not strings");
        var asBytes = new DataField<byte[]>(name, field.IsNullable);
        _ = new ParquetSchema(asBytes); // a field reads only once a schema has fixed its levels
        return asBytes;
    }

    private static byte[]?[] ReadColumn(CorpusFile file, ParquetReader reader, int group, DataField field, long rows)
    {
        var values = new byte[]?[rows];
        try
        {
            Wait(async () =>
            {
                using var rowGroup = reader.OpenRowGroupReader(group);
                await rowGroup.ReadAsync(field, values.AsMemory(), null).ConfigureAwait(false);
                return true;
            });
        }
        catch (Exception e)
        {
            throw new SipInputException(file.Path, null, $"cannot read column \"{field.Name}\" of row group {group}: {e.Message}", e);
        }
        return values;
    }

    private static T Wait<T>(Func<Task<T>> work) => Task.Run(work).GetAwaiter().GetResult();
}
