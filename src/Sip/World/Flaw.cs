namespace Sip.World;

/// <summary>The kinds of planted flaws; written snake_case in JSONL.</summary>
public enum FlawKind
{
    /// <summary>A fact stated with its planted wrong value; the span covers the value.</summary>
    Misconception,
    /// <summary>The sentence where the text turns hostile.</summary>
    UnsafeTurn,
    /// <summary>A hostile sentence after the turn.</summary>
    Unsafe,
    /// <summary>Extra copies of a sentence repeated in a loop; the span covers the copies after the first.</summary>
    Repetition,
    /// <summary>A sentence of known words in random order.</summary>
    WordSalad,
    /// <summary>Sentences about an entity unrelated to the document's topic.</summary>
    TopicJump,
}

/// <summary>
/// One planted flaw. <see cref="Start"/> and <see cref="End"/> are character offsets into the document text
/// (UTF-16 units; the text is ASCII, so also bytes), end exclusive. Fact fields are set for misconceptions only.
/// </summary>
public sealed record Flaw(FlawKind Kind, int Start, int End, string? Entity = null, string? Attribute = null, string? Stated = null, string? Truth = null);

/// <summary>A corpus document as written to JSONL: <c>{"id", "text", "kind", "flaws"}</c>.</summary>
public sealed record WorldDocument(string Id, string Text, DocumentKind Kind, IReadOnlyList<Flaw> Flaws);
