namespace Sip.Data.Documents;

/// <summary>
/// Reads a stream as raw byte lines, counting them. Lines stay undecoded so that invalid UTF-8 is caught
/// on the exact line where it sits; a StreamReader decodes whole buffers ahead of the line it returns, and
/// would blame the wrong line.
/// </summary>
internal sealed class Utf8LineReader(Stream stream) : IDisposable
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;
    private bool _endOfStream;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// The next line without its "\n" or "\r\n" (and without a byte-order mark on line 1). The memory is valid
    /// only until the next call.
    /// </summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Finish(_start, newline);
                _start += newline + 1;
                return true;
            }
            if (_endOfStream)
            {
                if (_start == _end) { line = default; return false; }
                line = Finish(_start, _end - _start);
                _start = _end;
                return true;
            }
            Fill();
        }
    }

    private ReadOnlyMemory<byte> Finish(int start, int length)
    {
        LineNumber++;
        if (length > 0 && _buffer[start + length - 1] == (byte)'\r') length--;
        var span = _buffer.AsSpan(start, length);
        if (LineNumber == 1)
        {
            int bom = span.Length - StrictUtf8.WithoutBom(span).Length;
            start += bom;
            length -= bom;
        }
        return _buffer.AsMemory(start, length);
    }

    private void Fill()
    {
        // Move the partial line to the front; grow only when a single line outgrows the buffer.
        int pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            (_start, _end) = (0, pending);
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _endOfStream = true;
        _end += read;
    }

    public void Dispose() => stream.Dispose();
}
