namespace Sip.Data.Documents;

/// <summary>One document read from a corpus.</summary>
/// <param name="Id">The id field's value when one is configured, else "relative/path:record".</param>
/// <param name="Text">The document text, decoded as strict UTF-8.</param>
/// <param name="Position">Where it came from, for exact resume.</param>
public sealed record Document(string Id, string Text, DocumentPosition Position);
