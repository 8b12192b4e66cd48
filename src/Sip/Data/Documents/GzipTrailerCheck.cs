using System.Buffers.Binary;
using System.IO.Compression;

namespace Sip.Data.Documents;

/// <summary>
/// A gzip reader that notices truncation. .NET's GZipStream ends quietly when a file is cut short, which
/// would drop the tail of a corpus file without a word; so the decompressed length is checked against the
/// size the gzip trailer records (its last four bytes, the length mod 2^32). Several gzip members
/// concatenated into one file fail this check too, and are not supported.
/// </summary>
internal sealed class GzipTrailerCheck : Stream
{
    private readonly GZipStream _inner;
    private readonly uint _expectedLength;
    private ulong _length;
    private bool _checked;

    public GzipTrailerCheck(FileStream file)
    {
        if (file.Length < 18) // 10-byte header + 8-byte trailer is the least a gzip file can be
            throw new InvalidDataException("not a gzip file: too short");
        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        file.Seek(0, SeekOrigin.Begin);
        _expectedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        _inner = new GZipStream(file, CompressionMode.Decompress);
    }

    public override int Read(byte[] buffer, int offset, int count) => Check(_inner.Read(buffer, offset, count), count);

    public override int Read(Span<byte> buffer) => Check(_inner.Read(buffer), buffer.Length);

    private int Check(int read, int requested)
    {
        _length += (ulong)read;
        if (read == 0 && requested > 0 && !_checked)
        {
            _checked = true;
            if ((uint)_length != _expectedLength)
                throw new InvalidDataException(
                    $"gzip data ends after {_length} bytes but its trailer records {_expectedLength} (mod 2^32): the file is truncated or holds several gzip members");
        }
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
