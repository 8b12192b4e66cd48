namespace Sip.World;

/// <summary>Where a known entity is named in a text.</summary>
internal readonly record struct Mention(int Start, int End, int Entity);

/// <summary>
/// Finds the names of known entities in text. A name is one capitalised word ("Lirra") or a capitalised word and
/// the word after it, separated by one space ("Tavo Renkel", "Velo owl"); the two-word reading wins.
/// The generator and the analyzer both use this scanner, so pronouns mean the same to both.
/// </summary>
internal sealed class MentionScanner(KnowledgeBase kb)
{
    public List<Mention> Scan(string text, int from = 0, int to = -1)
    {
        if (to < 0) to = text.Length;
        var tokens = WordTokens.Scan(text, from, to);
        var result = new List<Mention>();
        for (int k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (!char.IsAsciiLetterUpper(text[t.Start])) continue;
            if (k + 1 < tokens.Count && tokens[k + 1].Start == t.End + 1 && text[t.End] == ' ')
            {
                int two = kb.IndexOf(text.Substring(t.Start, tokens[k + 1].End - t.Start));
                if (two >= 0)
                {
                    result.Add(new Mention(t.Start, tokens[k + 1].End, two));
                    k++;
                    continue;
                }
            }
            int one = kb.IndexOf(t.Of(text));
            if (one >= 0) result.Add(new Mention(t.Start, t.End, one));
        }
        return result;
    }
}
