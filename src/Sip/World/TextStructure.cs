using System.Text.RegularExpressions;

namespace Sip.World;

/// <summary>A sentence of a text: [Start, End) without surrounding spaces; the line it sits on, after any speaker label.</summary>
internal readonly record struct Sentence(int Start, int End, int LineStart, int LineEnd, int ContentStart);

/// <summary>
/// Cuts text into lines and sentences. A line that starts with one or two capitalised words and ": " is a
/// dialogue line; the label is not part of any sentence. Sentences end at '.', '!' or '?' followed by
/// whitespace or the end of the line; a last fragment without final punctuation is a sentence too.
/// </summary>
internal static partial class TextStructure
{
    [GeneratedRegex(@"\G[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)?: ")]
    private static partial Regex LabelPattern();

    public static List<Sentence> Sentences(string text)
    {
        var result = new List<Sentence>();
        int lineStart = 0;
        while (lineStart <= text.Length)
        {
            int lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = text.Length;
            int content = lineStart;
            var label = LabelPattern().Match(text, lineStart, lineEnd - lineStart);
            if (label.Success) content = label.Index + label.Length;
            int i = content;
            while (i < lineEnd)
            {
                while (i < lineEnd && char.IsWhiteSpace(text[i])) i++;
                if (i >= lineEnd) break;
                int start = i;
                while (i < lineEnd)
                {
                    char c = text[i];
                    i++;
                    if (c is '.' or '!' or '?' && (i >= lineEnd || char.IsWhiteSpace(text[i])))
                        break;
                }
                int end = i;
                while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
                result.Add(new Sentence(start, end, lineStart, lineEnd, content));
            }
            if (lineEnd >= text.Length) break;
            lineStart = lineEnd + 1;
        }
        return result;
    }

    /// <summary>The speaker label of the line holding <paramref name="position"/>, or null.</summary>
    public static string? SpeakerAt(string text, int position)
    {
        int lineStart = position <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(position - 1, text.Length - 1)) + 1;
        int lineEnd = text.IndexOf('\n', lineStart);
        if (lineEnd < 0) lineEnd = text.Length;
        var m = LabelPattern().Match(text, lineStart, lineEnd - lineStart);
        return m.Success && m.Index + m.Length <= position ? m.Value[..^2] : null;
    }
}
