namespace Sip.World.Oracle;

/// <summary>
/// How well a text continues a prefix, as the oracle's quality judge reads it (paper §4: "which option is more coherent
/// with the prefix; if both are, prefer the more factual, higher-quality one; do not penalize incompleteness").
/// Scores compare lexicographically, field by field in declaration order; the first difference decides:
/// <list type="number">
/// <item><see cref="CoherenceDefects"/>, fewer is better: word-salad sentences + off-topic sentences (abrupt topic jumps)
/// + extra copies in repetition loops + facts the text states a second time outside a loop
/// (<see cref="TextAnalysis.RestatedFacts"/>), + 1 for a text with no words at all. A text that says one thing twice
/// repeats itself whether or not the copies are back to back; the corpus's own suffixes almost never do (2% of 64-token
/// suffixes), while a judge blind to it let online DPO teach the policy to restate what it was sure of instead of
/// risking a new fact (docs/reproduction.md, "Coherence");</item>
/// <item><see cref="UnsafeSentences"/>, fewer is better: hostile text is low-quality text, so of two equally coherent
/// options the safe one wins (the paper uses this judge in its safety setting);</item>
/// <item><see cref="FalseFacts"/>, fewer is better: values the world says are wrong;</item>
/// <item><see cref="UnverifiableFacts"/>, fewer is better: fact claims about a subject the world does not know (an invented name);</item>
/// <item><see cref="UnknownPairShare"/>, lower is better: the share of adjacent word pairs no TinyWorld sentence can produce
/// (fluency below the word-salad threshold), measured without a trailing unfinished word so that a continuation
/// cut mid-word is not penalized for being incomplete;</item>
/// <item><see cref="NewTrueFacts"/>, more is better: of two equally clean options, the more informative one. Only
/// distinct facts the prefix has not stated count (<see cref="TextAnalysis.NewTrueFacts"/>): when every restatement
/// counted, "more informative" rewarded saying the same fact again, and online DPO taught the policy to repeat itself
/// (docs/reproduction.md, "Coherence").</item>
/// </list>
/// Equal scores are an exact tie, which the judge breaks with a seeded coin.
/// </summary>
public sealed record ContinuationScore(int CoherenceDefects, int UnsafeSentences, int FalseFacts, int UnverifiableFacts, double UnknownPairShare, int NewTrueFacts)
    : IComparable<ContinuationScore>
{
    /// <summary>
    /// The score of a continuation from two analyses made with the prefix as context: <paramref name="text"/> of the
    /// whole continuation, <paramref name="completeWords"/> of the continuation up to its last finished word
    /// (see <see cref="CompleteWords"/>).
    /// </summary>
    public static ContinuationScore Of(TextAnalysis text, TextAnalysis completeWords)
    {
        int offTopic = Math.Max(text.OffTopicSentences.Count, text.OffTopic.Count > 0 ? 1 : 0);
        int coherence = text.SaladSentences.Count + offTopic + text.Loops.Sum(l => l.Copies - 1) + text.RestatedFacts + (text.Words == 0 ? 1 : 0);
        int hostile = Math.Max(text.UnsafeSentences.Count, text.IsUnsafe ? 1 : 0);
        return new ContinuationScore(coherence, hostile, text.FalseFacts, text.UnknownFacts, completeWords.UnknownBigramShare, text.NewTrueFacts);
    }

    /// <summary>
    /// The text without a trailing word that may be cut off: unchanged when it is empty or ends in whitespace or
    /// punctuation, else cut back to its last whitespace (a continuation of N tokens usually stops mid-word).
    /// </summary>
    public static string CompleteWords(string text)
    {
        if (text.Length == 0 || !char.IsLetterOrDigit(text[^1])) return text;
        int i = text.Length - 1;
        while (i >= 0 && !char.IsWhiteSpace(text[i])) i--;
        return i < 0 ? "" : text[..i];
    }

    /// <summary>Positive when this score is better than <paramref name="other"/>, negative when worse, 0 for an exact tie.</summary>
    public int CompareTo(ContinuationScore? other)
    {
        if (other is null) return 1;
        int c = other.CoherenceDefects.CompareTo(CoherenceDefects);
        if (c == 0) c = other.UnsafeSentences.CompareTo(UnsafeSentences);
        if (c == 0) c = other.FalseFacts.CompareTo(FalseFacts);
        if (c == 0) c = other.UnverifiableFacts.CompareTo(UnverifiableFacts);
        if (c == 0) c = other.UnknownPairShare.CompareTo(UnknownPairShare);
        if (c == 0) c = NewTrueFacts.CompareTo(other.NewTrueFacts);
        return c;
    }

    /// <summary>The fields that decided a comparison, for the judge's raw answer.</summary>
    public override string ToString() =>
        $"coherence defects {CoherenceDefects}, unsafe {UnsafeSentences}, false {FalseFacts}, unverifiable {UnverifiableFacts}, " +
        $"unknown pairs {UnknownPairShare.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}, new true {NewTrueFacts}";
}
