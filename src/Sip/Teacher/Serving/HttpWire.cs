using System.Globalization;
using System.Text;

namespace Sip.Teacher.Serving;

/// <summary>A request the server refuses before handling it (malformed, too large); answered with <see cref="Status"/> and the connection closed.</summary>
internal sealed class HttpProtocolException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>The request line and headers of one HTTP/1.1 request.</summary>
internal sealed record HttpRequestHead(string Method, string Path, string Version, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>HTTP/1.1 keeps the connection unless the client says close; HTTP/1.0 closes it unless the client says keep-alive.</summary>
    public bool KeepAlive => Header("Connection")?.ToLowerInvariant() switch
    {
        { } c when c.Contains("close") => false,
        { } c when c.Contains("keep-alive") => true,
        _ => Version == "HTTP/1.1",
    };
}

/// <summary>
/// Reads HTTP/1.1 requests off one connection, keep-alive included: the head up to its blank line, then a body of
/// Content-Length bytes or in chunks. Bounded: a head over <see cref="MaxHeadBytes"/> or a body over the caller's limit
/// is refused.
/// </summary>
internal sealed class HttpConnectionReader(Stream stream)
{
    public const int MaxHeadBytes = 32 * 1024;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;

    /// <summary>The next request's head; null when the client closed the connection between requests.</summary>
    public async Task<HttpRequestHead?> ReadHeadAsync(CancellationToken cancellation)
    {
        int scanned = 0;
        while (true)
        {
            int end = IndexOf("\r\n\r\n"u8, _start + Math.Max(0, scanned - 3));
            if (end - _start > MaxHeadBytes || (end < 0 && _end - _start > MaxHeadBytes)) throw new HttpProtocolException(431, "request head too large");
            if (end >= 0)
            {
                string text = Encoding.Latin1.GetString(_buffer, _start, end - _start);
                _start = end + 4;
                return Parse(text);
            }
            scanned = _end - _start;
            if (!await FillAsync(cancellation).ConfigureAwait(false))
            {
                if (_end == _start) return null;
                throw new IOException("connection closed in the middle of a request head");
            }
        }
    }

    /// <summary>The body the head announces (none when it announces none).</summary>
    public async Task<byte[]> ReadBodyAsync(HttpRequestHead head, int maxBytes, CancellationToken cancellation)
    {
        if (head.Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            return await ReadChunkedAsync(maxBytes, cancellation).ConfigureAwait(false);
        if (head.Header("Content-Length") is not { } lengthText) return [];
        if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long length)) throw new HttpProtocolException(400, "bad Content-Length");
        if (length > maxBytes) throw new HttpProtocolException(413, $"request body over {maxBytes} bytes");
        return await ReadExactlyAsync((int)length, cancellation).ConfigureAwait(false);
    }

    /// <summary>Completes when the client closes the connection (or sends anything more, which a held request does not expect).</summary>
    public async Task WaitForCloseAsync(CancellationToken cancellation)
    {
        if (_end > _start) return;
        await FillAsync(cancellation).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadChunkedAsync(int maxBytes, CancellationToken cancellation)
    {
        using var body = new MemoryStream();
        while (true)
        {
            string sizeLine = await ReadLineAsync(cancellation).ConfigureAwait(false);
            string sizeText = sizeLine.Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int size) || size < 0)
                throw new HttpProtocolException(400, "bad chunk size");
            if (size == 0)
            {
                while ((await ReadLineAsync(cancellation).ConfigureAwait(false)).Length > 0) { } // trailers
                return body.ToArray();
            }
            if (body.Length + size > maxBytes) throw new HttpProtocolException(413, $"request body over {maxBytes} bytes");
            body.Write(await ReadExactlyAsync(size, cancellation).ConfigureAwait(false));
            if ((await ReadLineAsync(cancellation).ConfigureAwait(false)).Length != 0) throw new HttpProtocolException(400, "bad chunk end");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellation)
    {
        while (true)
        {
            int end = IndexOf("\r\n"u8, _start);
            if (end >= 0)
            {
                string line = Encoding.Latin1.GetString(_buffer, _start, end - _start);
                _start = end + 2;
                return line;
            }
            if (_end - _start > MaxHeadBytes) throw new HttpProtocolException(400, "line too long");
            if (!await FillAsync(cancellation).ConfigureAwait(false)) throw new IOException("connection closed in the middle of a request body");
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellation)
    {
        var result = new byte[count];
        int have = Math.Min(count, _end - _start);
        Array.Copy(_buffer, _start, result, 0, have);
        _start += have;
        if (have < count) await stream.ReadExactlyAsync(result.AsMemory(have), cancellation).ConfigureAwait(false);
        return result;
    }

    /// <summary>Reads more bytes after the unread ones; false at the end of the stream.</summary>
    private async Task<bool> FillAsync(CancellationToken cancellation)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellation).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }

    private int IndexOf(ReadOnlySpan<byte> pattern, int from)
    {
        int at = _buffer.AsSpan(from, _end - from).IndexOf(pattern);
        return at < 0 ? -1 : from + at;
    }

    private static HttpRequestHead Parse(string head)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal)) throw new HttpProtocolException(400, "bad request line");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0) throw new HttpProtocolException(400, "bad header line");
            string name = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
        string path = parts[1];
        int query = path.IndexOf('?');
        return new HttpRequestHead(parts[0], query < 0 ? path : path[..query], parts[2], headers);
    }
}

/// <summary>An HTTP response as the server writes it.</summary>
internal sealed record HttpReply(int Status, byte[] Body, IReadOnlyList<(string Name, string Value)> Headers)
{
    public const string Json = "application/json";

    public static HttpReply OfJson(int status, string json, params (string Name, string Value)[] headers) =>
        new(status, Encoding.UTF8.GetBytes(json), headers);

    /// <summary>The status line and headers; the connection is kept unless <paramref name="close"/>.</summary>
    public byte[] Head(bool close, int? contentLength = null)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {Reason(Status)}\r\n")
            .Append("Content-Type: ").Append(Json).Append("\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength ?? Body.Length}\r\n")
            .Append("Date: ").Append(DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append(close ? "Connection: close\r\n" : "Connection: keep-alive\r\n");
        foreach (var (name, value) in Headers) text.Append(name).Append(": ").Append(value).Append("\r\n");
        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }

    public async Task WriteAsync(Stream stream, bool close, CancellationToken cancellation)
    {
        await stream.WriteAsync(Head(close), cancellation).ConfigureAwait(false);
        await stream.WriteAsync(Body, cancellation).ConfigureAwait(false);
        await stream.FlushAsync(cancellation).ConfigureAwait(false);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "Status",
    };
}
