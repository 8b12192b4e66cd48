using System.IO.Compression;
using System.Text;
using Parquet;
using Parquet.Schema;
using Sip.Data.Documents;

namespace Sip.Tests.Data.Documents;

/// <summary>A throw-away corpus folder that tests write files into.</summary>
internal sealed class TempCorpus : IDisposable
{
    public TempCorpus() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sip-docs-" + Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Root, name);

    public string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string name, byte[] bytes)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string WriteGzip(string name, string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return WriteBytes(name, buffer.ToArray());
    }

    /// <summary>A Parquet file with one nullable string column per name, written one row group per array.</summary>
    public string WriteParquet(string name, string[] columns, params string?[][][] rowGroups) =>
        WriteParquetColumns(name, columns.Select(c => (DataField)new DataField<string>(c, true)).ToArray(),
            rowGroups.Select(g => g.Select(column => (object)column).ToArray()).ToArray());

    /// <summary>A Parquet file with arbitrary fields; each row group holds one array per field.</summary>
    public string WriteParquetColumns(string name, DataField[] fields, params object[][] rowGroups)
    {
        string path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Task.Run(async () =>
        {
            await using var stream = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
            foreach (var group in rowGroups)
            {
                using var rowGroup = writer.CreateRowGroup();
                for (int i = 0; i < fields.Length; i++)
                {
                    switch (group[i])
                    {
                        case string?[] strings: await rowGroup.WriteAsync(fields[i], strings!); break;
                        case byte[]?[] bytes: await rowGroup.WriteAsync(fields[i], bytes!); break;
                        case int[] ints: await rowGroup.WriteAsync<int>(fields[i], ints.AsMemory()); break;
                        default: throw new ArgumentException($"unsupported column type {group[i].GetType()}");
                    }
                }
            }
        }).GetAwaiter().GetResult();
        return path;
    }

    public List<Document> ReadAll(DocumentSourceSettings? settings = null, DataStats? stats = null, string? input = null, DocumentPosition? from = null) =>
        DocumentSource.Open(input ?? Root, settings).Read(stats ?? new DataStats(), from).ToList();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
