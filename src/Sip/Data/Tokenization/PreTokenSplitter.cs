using System.Text.RegularExpressions;

namespace Sip.Data.Tokenization;

/// <summary>
/// Cuts text into the pieces ("pre-tokens") inside which BPE merges happen: merges never cross a piece
/// boundary, so a word and the space before it form one piece but two words never do.
/// Each pattern is applied in turn to every piece of the previous one (Hugging Face's Split with
/// behavior "Isolated": matches and the gaps between them both become pieces).
/// </summary>
/// <remarks>
/// .NET's regex engine sees UTF-16 code units, Rust's (used by Hugging Face) sees code points: a letter
/// outside the Basic Multilingual Plane (for example U+1D400 MATHEMATICAL BOLD CAPITAL A) is \p{L} to
/// Hugging Face but two surrogates to .NET, so such text may be cut differently and get different (still
/// round-tripping) ids. Emoji and all BMP text, CJK included, are cut the same way.
/// </remarks>
public sealed class PreTokenSplitter
{
    /// <summary>GPT-2's pattern, exactly as Hugging Face's ByteLevel pre-tokenizer uses it with use_regex=true.</summary>
    public const string Gpt2Pattern =
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>
    /// Llama-3's pattern: GPT-2's with case-insensitive contractions, one leading non-letter glued to a word
    /// (" (word" stays apart from digits), numbers cut into groups of at most three digits, and newlines kept
    /// apart from other whitespace. The default for sip's trainer.
    /// </summary>
    public const string Llama3Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private readonly Regex[] _regexes;

    /// <param name="patterns">Regular expressions applied in order; at least one.</param>
    /// <param name="addPrefixSpace">Prepend a space to text that does not start with one, so a first word is
    /// cut like any other (GPT-2's add_prefix_space; off for GPT-2, Llama-3 and Qwen).</param>
    public PreTokenSplitter(IReadOnlyList<string> patterns, bool addPrefixSpace = false)
    {
        if (patterns.Count == 0) throw new ArgumentException("A pre-tokenizer needs at least one pattern.", nameof(patterns));
        Patterns = patterns.ToArray();
        AddPrefixSpace = addPrefixSpace;
        _regexes = Patterns.Select(p => new Regex(p, RegexOptions.Compiled | RegexOptions.CultureInvariant)).ToArray();
    }

    public IReadOnlyList<string> Patterns { get; }

    public bool AddPrefixSpace { get; }

    public static PreTokenSplitter Llama3 { get; } = new([Llama3Pattern]);

    public static PreTokenSplitter Gpt2 { get; } = new([Gpt2Pattern]);

    /// <summary>The text the pieces index into: <paramref name="text"/> itself, or with the prefix space.</summary>
    public string Prepare(string text) =>
        AddPrefixSpace && text.Length > 0 && text[0] != ' ' ? " " + text : text;

    /// <summary>Appends the (start, length) of every non-empty piece of <paramref name="text"/> to <paramref name="pieces"/>, in order.</summary>
    public void Split(ReadOnlySpan<char> text, List<(int Start, int Length)> pieces)
    {
        pieces.Clear();
        SplitWith(_regexes[0], text, 0, pieces);
        if (_regexes.Length == 1) return;

        var next = new List<(int Start, int Length)>();
        for (var r = 1; r < _regexes.Length; r++)
        {
            next.Clear();
            foreach (var (start, length) in pieces) SplitWith(_regexes[r], text.Slice(start, length), start, next);
            pieces.Clear();
            pieces.AddRange(next);
        }
    }

    /// <summary>The pieces of <paramref name="text"/> as strings (after <see cref="Prepare"/>); for inspection and tests.</summary>
    public IReadOnlyList<string> Split(string text)
    {
        var prepared = Prepare(text);
        var pieces = new List<(int Start, int Length)>();
        Split(prepared, pieces);
        return pieces.Select(p => prepared.Substring(p.Start, p.Length)).ToArray();
    }

    private static void SplitWith(Regex regex, ReadOnlySpan<char> text, int offset, List<(int Start, int Length)> pieces)
    {
        var position = 0;
        foreach (var match in regex.EnumerateMatches(text))
        {
            if (match.Length == 0) continue;
            if (match.Index > position) pieces.Add((offset + position, match.Index - position));
            pieces.Add((offset + match.Index, match.Length));
            position = match.Index + match.Length;
        }
        if (position < text.Length) pieces.Add((offset + position, text.Length - position));
    }
}
