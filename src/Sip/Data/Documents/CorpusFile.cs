namespace Sip.Data.Documents;

/// <summary>One file of a corpus.</summary>
/// <param name="Index">Its place in the corpus's sorted file list; <see cref="DocumentPosition.FileIndex"/>.</param>
/// <param name="Path">The path to open, used in error messages.</param>
/// <param name="RelativePath">The path below the corpus root with '/' separators: the sort key and the default id prefix.</param>
/// <param name="Format">The reader it gets.</param>
/// <param name="Gzip">Whether it is gzip-compressed (a ".gz" after the format's extension).</param>
public sealed record CorpusFile(int Index, string Path, string RelativePath, DocumentFormat Format, bool Gzip);
