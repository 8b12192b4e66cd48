namespace Sip.World;

/// <summary>
/// Finds repetition loops: a unit of words repeated back to back. A unit of 6 or more words counts from its
/// second copy, a shorter unit from its third ("very very" and "as a young person. As a young person, she"
/// happen in good text; "the the the" is a loop). Words compare
/// case-insensitively and punctuation is ignored, so "He left. He left." is a loop of "he left".
/// </summary>
internal static class LoopDetector
{
    public const int MaxUnitWords = 60;

    /// <summary>Shortest unit that is a loop after only two copies.</summary>
    public const int MinPairUnitWords = 6;

    /// <summary>Loops as (first token of the unit, unit length, copies), scanning left to right without overlap.</summary>
    public static List<(int Token, int Unit, int Copies)> Find(IReadOnlyList<int> words)
    {
        var loops = new List<(int, int, int)>();
        int n = words.Count, i = 0;
        while (i < n)
        {
            int bestUnit = 0, bestCopies = 0;
            for (int unit = 1; unit <= MaxUnitWords && i + 2 * unit <= n; unit++)
            {
                int copies = 1;
                while (i + (copies + 1) * unit <= n && SameRun(words, i, i + copies * unit, unit)) copies++;
                bool qualifies = copies >= 3 || copies >= 2 && unit >= MinPairUnitWords;
                if (qualifies && unit * copies > bestUnit * bestCopies) (bestUnit, bestCopies) = (unit, copies);
            }
            if (bestCopies > 0)
            {
                loops.Add((i, bestUnit, bestCopies));
                i += bestUnit * bestCopies;
            }
            else i++;
        }
        return loops;
    }

    private static bool SameRun(IReadOnlyList<int> w, int a, int b, int length)
    {
        for (int k = 0; k < length; k++)
            if (w[a + k] != w[b + k]) return false;
        return true;
    }

    /// <summary>Word ids: equal words (ignoring case) get equal ids.</summary>
    public static int[] Ids(string text, IReadOnlyList<WordToken> tokens)
    {
        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var result = new int[tokens.Count];
        for (int i = 0; i < tokens.Count; i++)
        {
            string w = tokens[i].Of(text);
            if (!ids.TryGetValue(w, out int id)) ids[w] = id = ids.Count;
            result[i] = id;
        }
        return result;
    }

    /// <summary>Share of word 4-grams starting at or after <paramref name="from"/> that already occurred earlier.</summary>
    public static double RepeatedNgramShare(IReadOnlyList<int> words, int from)
    {
        var seen = new HashSet<(int, int, int, int)>();
        int total = 0, repeated = 0;
        for (int i = 0; i + 4 <= words.Count; i++)
        {
            bool again = !seen.Add((words[i], words[i + 1], words[i + 2], words[i + 3]));
            if (i < from) continue;
            total++;
            if (again) repeated++;
        }
        return total == 0 ? 0 : (double)repeated / total;
    }
}
