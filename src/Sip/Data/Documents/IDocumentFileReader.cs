namespace Sip.Data.Documents;

/// <summary>Reads the documents of one corpus file, lazily, from a given record on.</summary>
internal interface IDocumentFileReader
{
    /// <summary>
    /// The documents of <paramref name="file"/> whose record number is at least <paramref name="firstRecord"/>.
    /// Earlier records are passed over without being reported, so a resumed stream counts nothing twice.
    /// </summary>
    IEnumerable<Document> Read(CorpusFile file, long firstRecord, BadRecords bad);
}
