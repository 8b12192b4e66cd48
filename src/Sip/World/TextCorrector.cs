namespace Sip.World;

/// <summary>
/// Turns a flawed text into a corrected one, using only what <see cref="WorldAnalyzer"/> finds: false values become
/// true ones, hostile sentences become safe sentences of about the same length, loops lose their extra copies, and
/// word-salad and off-topic sentences are removed. A text with no findings comes back unchanged (the same string),
/// which is what the oracle rewriter needs to copy good suffixes exactly. With a prefix, only the text is edited.
/// </summary>
public static class TextCorrector
{
    /// <summary>Correction passes at most; a second pass is needed only when a removal makes a new loop.</summary>
    public const int MaxPasses = 3;

    public static string Correct(WorldAnalyzer analyzer, string text, string? prefix = null)
    {
        string current = text;
        for (int pass = 0; pass < MaxPasses; pass++)
        {
            var analysis = analyzer.Analyze(current, prefix);
            if (analysis.IsClean) return current;
            current = Apply(current, prefix ?? "", analysis);
        }
        return current;
    }

    private static string Apply(string text, string prefix, TextAnalysis a)
    {
        string full = prefix + text;
        int offset = prefix.Length;
        var sentences = TextStructure.Sentences(full);
        var edits = new List<Edit>();

        foreach (var span in a.SaladSentences.Concat(a.OffTopicSentences))
            edits.Add(Removal(full, sentences, span.Start + offset, span.End + offset, offset));
        foreach (var loop in a.Loops)
            edits.Add(new Edit(loop.Start + offset, loop.End + offset, ""));
        string previous = "";
        foreach (var span in a.UnsafeSentences)
        {
            int start = span.Start + offset, end = span.End + offset;
            string original = full[start..end];
            previous = SafeSentence(original.Length, original, previous);
            edits.Add(new Edit(start, end, previous));
        }
        foreach (var f in a.Facts.Where(f => f.Status == FactStatus.False && f.Truth is not null))
            edits.Add(new Edit(f.Start + offset, f.End + offset, f.Truth!));

        // Larger edits win; an edit inside a sentence that is removed or replaced is dropped.
        var accepted = new List<Edit>();
        foreach (var e in edits.OrderByDescending(e => e.End - e.Start).ThenBy(e => e.Start))
        {
            var clipped = e with { Start = Math.Max(e.Start, offset) };
            if (clipped.End < clipped.Start) continue;
            if (accepted.Any(x => x.Start < clipped.End && clipped.Start < x.End)) continue;
            if (clipped.Start == clipped.End && clipped.Replacement.Length == 0) continue;
            accepted.Add(clipped);
        }
        var sb = new System.Text.StringBuilder(full);
        foreach (var e in accepted.OrderByDescending(e => e.Start))
            sb.Remove(e.Start, e.End - e.Start).Insert(e.Start, e.Replacement);
        return sb.ToString(offset, sb.Length - offset);
    }

    /// <summary>
    /// The range to delete for a sentence: the whole line (label included) when the sentence is all the line holds,
    /// else the sentence and one neighbouring space.
    /// </summary>
    private static Edit Removal(string full, List<Sentence> sentences, int start, int end, int offset)
    {
        var s = sentences.FirstOrDefault(x => x.Start <= start && x.End >= end && x.End > x.Start);
        bool alone = s.End > s.Start && sentences.Count(x => x.LineStart == s.LineStart) == 1 && s.LineStart >= offset;
        if (alone)
        {
            if (s.LineEnd < full.Length) return new Edit(s.LineStart, s.LineEnd + 1, "");
            if (s.LineStart > 0 && s.LineStart - 1 >= offset) return new Edit(s.LineStart - 1, s.LineEnd, "");
            return new Edit(s.LineStart, s.LineEnd, "");
        }
        // A sentence that began in the prefix: keep the text's leading whitespace, or the next sentence would be glued
        // onto the prefix's last word ("Old stone" + "Dadek Tedos's teacher" read as one name).
        if (s.End > s.Start && s.Start < offset)
        {
            while (start < end && char.IsWhiteSpace(full[start])) start++;
            return new Edit(start, end < full.Length && full[end] == ' ' ? end + 1 : end, "");
        }
        if (end < full.Length && full[end] == ' ') return new Edit(start, end + 1, "");
        if (start > 0 && full[start - 1] == ' ' && start - 1 >= offset) return new Edit(start - 1, end, "");
        return new Edit(start, end, "");
    }

    /// <summary>
    /// A safe sentence about as long as the hostile one it replaces: one of the pool entries within a quarter of
    /// <paramref name="length"/> (or else the closest), chosen by a hash of the original so that neighbouring
    /// replacements vary, and never equal to <paramref name="avoid"/> (the previous replacement) when there is a choice.
    /// </summary>
    public static string SafeSentence(int length, string original, string avoid = "")
    {
        var pool = WorldTemplates.SafeReplacements;
        var near = pool.Where(s => Math.Abs(s.Length - length) <= length / 4 && s != avoid).ToArray();
        if (near.Length == 0)
            near = pool.Where(s => s != avoid).OrderBy(s => Math.Abs(s.Length - length)).ThenBy(s => s, StringComparer.Ordinal).Take(1).ToArray();
        uint hash = 2166136261;
        foreach (char c in original) hash = (hash ^ c) * 16777619;
        return near[(int)(hash % (uint)near.Length)];
    }

    private readonly record struct Edit(int Start, int End, string Replacement);
}
