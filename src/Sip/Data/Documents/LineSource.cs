namespace Sip.Data.Documents;

/// <summary>Line-by-line reading of a corpus file for the line-based readers, with read failures located.</summary>
internal sealed class LineSource(CorpusFile file) : IDisposable
{
    private readonly Utf8LineReader _reader = new(CorpusFileStreams.OpenRead(file));

    public long LineNumber => _reader.LineNumber;

    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        try
        {
            return _reader.TryReadLine(out line);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw CorpusFileStreams.ReadFailed(file, _reader.LineNumber + 1, e);
        }
    }

    public void Dispose() => _reader.Dispose();
}
