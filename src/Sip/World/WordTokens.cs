namespace Sip.World;

/// <summary>A word of running text: a run of ASCII letters or a run of digits, with its character offsets.</summary>
internal readonly record struct WordToken(int Start, int End)
{
    public int Length => End - Start;
    public string Of(string text) => text.Substring(Start, End - Start);
}

/// <summary>Splits text into words. Apostrophes and punctuation separate words ("Osk's" is "Osk", "s").</summary>
internal static class WordTokens
{
    public static List<WordToken> Scan(string text, int from = 0, int to = -1)
    {
        if (to < 0) to = text.Length;
        var result = new List<WordToken>(Math.Max(4, (to - from) / 5));
        int i = from;
        while (i < to)
        {
            char c = text[i];
            if (IsLetter(c))
            {
                int s = i;
                while (i < to && IsLetter(text[i])) i++;
                result.Add(new WordToken(s, i));
            }
            else if (char.IsAsciiDigit(c))
            {
                int s = i;
                while (i < to && char.IsAsciiDigit(text[i])) i++;
                result.Add(new WordToken(s, i));
            }
            else i++;
        }
        return result;
    }

    /// <summary>Number of words in <paramref name="text"/>.</summary>
    public static int Count(string text) => Count(text, 0, text.Length);

    public static int Count(string text, int from, int to)
    {
        int n = 0;
        bool inWord = false, digits = false;
        for (int i = from; i < to; i++)
        {
            char c = text[i];
            bool letter = IsLetter(c), digit = char.IsAsciiDigit(c);
            if (letter || digit)
            {
                if (!inWord || digit != digits) n++;
                inWord = true;
                digits = digit;
            }
            else inWord = false;
        }
        return n;
    }

    public static bool IsLetter(char c) => char.IsAsciiLetter(c);
}
