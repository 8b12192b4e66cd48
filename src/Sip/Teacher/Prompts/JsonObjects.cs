using System.Text.Json;

namespace Sip.Teacher.Prompts;

/// <summary>Finds the JSON objects written inside free text (reasoning, markdown, code fences around them).</summary>
internal static class JsonObjects
{
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The outermost objects that parse, in order, with where each starts and ends (exclusive). Objects nested in them are part of them.</summary>
    public static List<(int Start, int End, JsonElement Root)> Find(string text)
    {
        var found = new List<(int, int, JsonElement)>();
        int i = 0;
        while ((i = text.IndexOf('{', i)) >= 0)
        {
            int end = MatchingBrace(text, i);
            if (end > 0 && TryParse(text[i..end]) is { } root)
            {
                found.Add((i, end, root));
                i = end;
            }
            else i++;
        }
        return found;
    }

    private static JsonElement? TryParse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Lenient);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The index after the brace that closes the one at <paramref name="open"/>, skipping braces inside strings; -1 when it never closes.</summary>
    private static int MatchingBrace(string text, int open)
    {
        int depth = 0;
        bool inString = false;
        for (int i = open; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            }
            else if (c == '"') inString = true;
            else if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return i + 1;
        }
        return -1;
    }
}
