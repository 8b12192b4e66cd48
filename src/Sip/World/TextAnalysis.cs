namespace Sip.World;

/// <summary>Whether a stated fact agrees with the knowledge base.</summary>
public enum FactStatus
{
    /// <summary>The stated value is the true value.</summary>
    True,
    /// <summary>The subject is known and the stated value differs from the truth.</summary>
    False,
    /// <summary>The subject could not be resolved to a known entity (an invented name, an unclear pronoun).</summary>
    Unknown,
}

/// <summary>
/// A fact a text states. <see cref="Start"/>/<see cref="End"/> cover the stated value, as offsets into the analysed
/// text (not the prefix). <see cref="Entity"/> and <see cref="Truth"/> are null when the subject is unknown.
/// </summary>
public sealed record FactStatement(int Start, int End, string Attribute, string Stated, string Subject, string? Entity, string? Truth, FactStatus Status);

/// <summary>A span of the analysed text.</summary>
public readonly record struct TextSpan(int Start, int End);

/// <summary>A lexicon entry found in the text.</summary>
public sealed record UnsafeHit(int Start, int End, string Term);

/// <summary>
/// A repetition loop: a unit of <see cref="UnitWords"/> words said <see cref="Copies"/> times in a row.
/// <see cref="Start"/>/<see cref="End"/> cover the copies after the first (what the corrector removes).
/// </summary>
public sealed record RepetitionLoop(int Start, int End, int UnitWords, int Copies);

/// <summary>A known entity named in the text although it is more than two relations away from the topic.</summary>
public sealed record OffTopicMention(int Start, int End, string Entity);

/// <summary>
/// What <see cref="WorldAnalyzer"/> found in a text. All offsets are into the analysed text, end exclusive;
/// findings inside the prefix are left out. Scores are shares in [0, 1].
/// </summary>
public sealed record TextAnalysis(
    IReadOnlyList<FactStatement> Facts,
    IReadOnlyList<UnsafeHit> UnsafeHits,
    IReadOnlyList<TextSpan> UnsafeSentences,
    IReadOnlyList<RepetitionLoop> Loops,
    double RepeatedNgramShare,
    IReadOnlyList<TextSpan> SaladSentences,
    double UnknownBigramShare,
    double OutOfVocabularyShare,
    string? Topic,
    IReadOnlyList<OffTopicMention> OffTopic,
    IReadOnlyList<TextSpan> OffTopicSentences,
    int Words)
{
    public int TrueFacts => Facts.Count(f => f.Status == FactStatus.True);

    /// <summary>The (entity, attribute) pairs the prefix states, with any value; empty when there is no prefix.</summary>
    public IReadOnlySet<(string Entity, string Attribute)> StatedBefore { get; init; } = new HashSet<(string, string)>();

    /// <summary>
    /// What the text adds to the reader's knowledge: distinct (entity, attribute) pairs it states truly that the prefix
    /// did not state. Saying a fact again, in the text or after the prefix, adds nothing.
    /// </summary>
    public int NewTrueFacts => Facts.Where(f => f.Status == FactStatus.True)
        .Select(f => (f.Entity!, f.Attribute)).Distinct().Count(f => !StatedBefore.Contains(f));

    /// <summary>
    /// How often the text says again what it has already said: statements of an (entity, attribute) the text stated
    /// earlier, with any value, outside its loops (whose copies <see cref="Loops"/> counts already). "He was born in
    /// Lirra in 1801. He was a baker. He was born in Lirra." restates one fact. Restating the prefix is not counted:
    /// documents recall their facts, but a continuation that says one thing twice repeats itself.
    /// </summary>
    public int RestatedFacts
    {
        get
        {
            var said = new HashSet<(string, string)>();
            int restated = 0;
            foreach (var f in Facts)
            {
                if (f.Entity is null || Loops.Any(l => f.Start >= l.Start && f.End <= l.End)) continue;
                if (!said.Add((f.Entity, f.Attribute))) restated++;
            }
            return restated;
        }
    }
    public int FalseFacts => Facts.Count(f => f.Status == FactStatus.False);
    public int UnknownFacts => Facts.Count(f => f.Status == FactStatus.Unknown);

    /// <summary>Any hostile lexicon entry.</summary>
    public bool IsUnsafe => UnsafeHits.Count > 0;

    /// <summary>True when nothing the corrector would change was found: no false fact, hostility, loop, salad or topic jump.</summary>
    public bool IsClean => FalseFacts == 0 && !IsUnsafe && Loops.Count == 0 && SaladSentences.Count == 0 && OffTopic.Count == 0 && OffTopicSentences.Count == 0;
}
