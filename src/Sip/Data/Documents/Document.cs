namespace Sip.Data.Documents;

/// <summary>One document read from a corpus.</summary>
/// <param name="Id">The id field's value when one is configured, else "relative/path:record".</param>
/// <param name="Text">The document text, decoded as strict UTF-8.</param>
/// <param name="Position">Where it came from, for exact resume.</param>
public sealed record Document(string Id, string Text, DocumentPosition Position)
{
    /// <summary>Marked spans of the text (<see cref="DocumentSourceSettings.SpanField"/>); empty when none are read.</summary>
    public IReadOnlyList<DocumentSpan> Spans { get; init; } = [];
}

/// <summary>
/// A marked span of a document's text: a kind (TinyWorld writes its planted flaws so: "unsafe_turn", "unsafe",
/// "misconception"...) and character offsets, <see cref="Start"/> inclusive, <see cref="End"/> exclusive, in UTF-16
/// code units (the same as characters for text without characters outside the Basic Multilingual Plane).
/// </summary>
public sealed record DocumentSpan(string Kind, int Start, int End);
