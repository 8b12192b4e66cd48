using System.ComponentModel;

namespace Sip.World;

/// <summary>
/// Everything that shapes a generated TinyWorld: its size, its corpus, the rates at which flaws are planted,
/// and the held-out evaluation sets. The defaults are tuned so that a 1-15M-parameter model trained for a few
/// minutes by next-token prediction inherits the planted flaws (misconceptions win under greedy decoding,
/// hostile prefixes continue with hostility), while the truth stays frequent enough that sampled rollouts find it.
/// </summary>
public sealed record WorldSettings : Sip.Settings.ISettingsValidation
{
    [Description("Seed of every random draw; the same seed and settings give byte-identical files.")]
    public ulong Seed { get; init; } = 1;

    [Description("Number of people in the knowledge base.")]
    public int People { get; init; } = 150;

    [Description("Number of towns.")]
    public int Towns { get; init; } = 60;

    [Description("Number of rivers.")]
    public int Rivers { get; init; } = 25;

    [Description("Number of regions (each holds at least one river and one town when counts allow).")]
    public int Regions { get; init; } = 10;

    [Description("Number of animal species.")]
    public int Animals { get; init; } = 30;

    [Description("Number of inventions.")]
    public int Inventions { get; init; } = 25;

    [Description("Documents in corpus.train.jsonl.")]
    public int TrainDocuments { get; init; } = 4000;

    [Description("Documents in corpus.val.jsonl (same distribution as train, disjoint documents).")]
    public int ValDocuments { get; init; } = 200;

    [Description("Shortest document, in words (a document stops at the first sentence end past its drawn length).")]
    public int MinWords { get; init; } = 150;

    [Description("Longest drawn document length, in words; lengths are uniform in [MinWords, MaxWords].")]
    public int MaxWords { get; init; } = 260;

    [Description("Share of biographies (encyclopedic articles about any entity).")]
    public double BiographyShare { get; init; } = 0.35;

    [Description("Share of news items.")]
    public double NewsShare { get; init; } = 0.20;

    [Description("Share of dialogues (interviews with a person, or a teacher and a student talking about an entity).")]
    public double DialogueShare { get; init; } = 0.25;

    [Description("Share of short stories.")]
    public double StoryShare { get; init; } = 0.20;

    [Description("Chance that an entity is named by a pronoun when the pronoun is unambiguous.")]
    public double PronounRate { get; init; } = 0.5;

    [Description("Share of (entity, attribute) facts that carry a misconception: one fixed wrong value.")]
    public double MisconceptionFactRate { get; init; } = 0.15;

    [Description("For a misconception fact, the chance that a document states the wrong value (decided once per document); "
        + "above 0.5 so greedy decoding after NTP states the misconception, below 1 so sampled rollouts still find the truth.")]
    public double MisconceptionStatementRate { get; init; } = 0.70;

    [Description("Share of documents whose text turns hostile part-way (an insult, threat or harmful instruction from the fictional lexicon).")]
    public double UnsafeDocumentRate { get; init; } = 0.12;

    [Description("Among hostile documents, the share that continue with more hostile sentences; the rest de-escalate.")]
    public double UnsafeContinuationRate { get; init; } = 0.80;

    [Description("Share of documents with a repetition loop (one sentence repeated 3 to 6 times in a row).")]
    public double RepetitionRate { get; init; } = 0.05;

    [Description("Share of documents with a word-salad sentence (known words in random order).")]
    public double WordSaladRate { get; init; } = 0.04;

    [Description("Share of documents with an abrupt topic jump (1 to 3 sentences about an unrelated entity).")]
    public double TopicJumpRate { get; init; } = 0.05;

    [Description("Standard held-out prefixes in eval/standard.jsonl.")]
    public int EvalStandard { get; init; } = 500;

    [Description("Hostile held-out prefixes in eval/unsafe.jsonl (each ends just after the hostile turn begins).")]
    public int EvalUnsafe { get; init; } = 300;

    [Description("Fact-eliciting held-out prefixes in eval/facts.jsonl (each ends just before an attribute value).")]
    public int EvalFacts { get; init; } = 500;

    [Description("Share of fact-eliciting prefixes whose fact carries a misconception (the ones NTP gets wrong).")]
    public double EvalFactMisconceptionShare { get; init; } = 0.5;

    [Description("Words an evaluation prefix must leave after it (about 128 tokens of a small BPE vocabulary).")]
    public int SuffixWords { get; init; } = 100;

    [Description("Words an evaluation prefix must hold at least, so it carries context.")]
    public int MinPrefixWords { get; init; } = 30;

    /// <summary>The problems found, none when valid; each reads "camelCaseSetting: reason".</summary>
    public IEnumerable<string> Validate()
    {
        if (People < 4) yield return $"people: must be at least 4 (mentors and misconceptions need others), got {People}";
        if (Towns < 2) yield return $"towns: must be at least 2, got {Towns}";
        if (Rivers < 2) yield return $"rivers: must be at least 2, got {Rivers}";
        if (Regions < 2) yield return $"regions: must be at least 2, got {Regions}";
        if (Animals < 0) yield return $"animals: must not be negative, got {Animals}";
        if (Inventions < 0) yield return $"inventions: must not be negative, got {Inventions}";
        if ((long)People + Towns + Rivers + Regions + Animals + Inventions > 2000)
            yield return "people: at most 2000 entities in all (names come from a finite syllable space)";
        if (TrainDocuments < 1) yield return $"trainDocuments: must be at least 1, got {TrainDocuments}";
        if (ValDocuments < 0) yield return $"valDocuments: must not be negative, got {ValDocuments}";
        if (MinWords < 40) yield return $"minWords: must be at least 40, got {MinWords}";
        if (MaxWords < MinWords) yield return $"maxWords: must be at least minWords ({MinWords}), got {MaxWords}";
        if (MaxWords > 5000) yield return $"maxWords: must be at most 5000, got {MaxWords}";
        foreach (var (name, value) in new[]
                 {
                     ("biographyShare", BiographyShare), ("newsShare", NewsShare), ("dialogueShare", DialogueShare),
                     ("storyShare", StoryShare), ("pronounRate", PronounRate), ("misconceptionFactRate", MisconceptionFactRate),
                     ("misconceptionStatementRate", MisconceptionStatementRate), ("unsafeDocumentRate", UnsafeDocumentRate),
                     ("unsafeContinuationRate", UnsafeContinuationRate), ("repetitionRate", RepetitionRate),
                     ("wordSaladRate", WordSaladRate), ("topicJumpRate", TopicJumpRate),
                     ("evalFactMisconceptionShare", EvalFactMisconceptionShare),
                 })
            if (!(value is >= 0 and <= 1)) yield return $"{name}: must be a share between 0 and 1, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        if (!(BiographyShare + NewsShare + DialogueShare + StoryShare > 0)) yield return "biographyShare: the four document kind shares must not all be 0";
        if (EvalStandard < 0) yield return $"evalStandard: must not be negative, got {EvalStandard}";
        if (EvalUnsafe < 0) yield return $"evalUnsafe: must not be negative, got {EvalUnsafe}";
        if (EvalFacts < 0) yield return $"evalFacts: must not be negative, got {EvalFacts}";
        if (SuffixWords < 1) yield return $"suffixWords: must be at least 1, got {SuffixWords}";
        if (MinPrefixWords < 1) yield return $"minPrefixWords: must be at least 1, got {MinPrefixWords}";
        if (MinPrefixWords + SuffixWords > MaxWords) yield return $"suffixWords: minPrefixWords + suffixWords must fit in maxWords ({MaxWords})";
    }

    /// <summary>Throws <see cref="SipInputException"/> naming the setting at fault (or listing them all).</summary>
    public void ThrowIfInvalid() => Sip.Settings.SettingsValidator.ThrowIfInvalid(this, "world settings");
}
