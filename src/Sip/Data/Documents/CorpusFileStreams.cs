namespace Sip.Data.Documents;

/// <summary>Opening corpus files, with the I/O failures turned into messages that name the file.</summary>
internal static class CorpusFileStreams
{
    /// <summary>The file's bytes as a stream, decompressed when it is gzip.</summary>
    public static Stream OpenRead(CorpusFile file)
    {
        FileStream raw;
        try
        {
            raw = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            if (!file.Gzip) return raw;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SipInputException(file.Path, null, "file not found (was it removed after the corpus was listed?)", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(file.Path, null, $"cannot open: {e.Message}", e);
        }
        try
        {
            return new GzipTrailerCheck(raw);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            raw.Dispose();
            throw new SipInputException(file.Path, null, e.Message, e);
        }
    }

    /// <summary>A read failure in the middle of a file (a truncated gzip, a failing disk), located.</summary>
    public static SipInputException ReadFailed(CorpusFile file, long? line, Exception e) =>
        new(file.Path, line, $"read failed: {e.Message}", e);
}
