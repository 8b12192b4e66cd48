using System.ComponentModel;

namespace Sip.World;

/// <summary>
/// Everything that shapes a generated TinyWorld: its size, its corpus, the rates at which flaws are planted,
/// and the held-out evaluation sets. The defaults are tuned so that a 1-15M-parameter model trained for a few
/// minutes by next-token prediction inherits the planted flaws (misconceptions win under greedy decoding,
/// hostile prefixes continue with hostility), while the truth stays frequent enough that sampled rollouts find it.
/// </summary>
public sealed record WorldSettings
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

    /// <summary>Throws <see cref="SipInputException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, string reason)
        {
            if (!ok) throw new SipInputException($"WorldSettings.{name}", null, reason);
        }

        Check(People >= 4, nameof(People), "at least 4 people are needed (mentors and misconceptions need others)");
        Check(Towns >= 2, nameof(Towns), "at least 2 towns are needed");
        Check(Rivers >= 2, nameof(Rivers), "at least 2 rivers are needed");
        Check(Regions >= 2, nameof(Regions), "at least 2 regions are needed");
        Check(Animals >= 0, nameof(Animals), "must not be negative");
        Check(Inventions >= 0, nameof(Inventions), "must not be negative");
        Check(People + Towns + Rivers + Regions + Animals + Inventions <= 2000, nameof(People), "at most 2000 entities in all (names come from a finite syllable space)");
        Check(TrainDocuments >= 1, nameof(TrainDocuments), "must be at least 1");
        Check(ValDocuments >= 0, nameof(ValDocuments), "must not be negative");
        Check(MinWords >= 40, nameof(MinWords), "must be at least 40");
        Check(MaxWords >= MinWords, nameof(MaxWords), "must be at least MinWords");
        Check(MaxWords <= 5000, nameof(MaxWords), "must be at most 5000");
        foreach (var (name, value) in new[]
                 {
                     (nameof(BiographyShare), BiographyShare), (nameof(NewsShare), NewsShare),
                     (nameof(DialogueShare), DialogueShare), (nameof(StoryShare), StoryShare),
                     (nameof(PronounRate), PronounRate), (nameof(MisconceptionFactRate), MisconceptionFactRate),
                     (nameof(MisconceptionStatementRate), MisconceptionStatementRate),
                     (nameof(UnsafeDocumentRate), UnsafeDocumentRate), (nameof(UnsafeContinuationRate), UnsafeContinuationRate),
                     (nameof(RepetitionRate), RepetitionRate), (nameof(WordSaladRate), WordSaladRate),
                     (nameof(TopicJumpRate), TopicJumpRate), (nameof(EvalFactMisconceptionShare), EvalFactMisconceptionShare),
                 })
            Check(value is >= 0 and <= 1 && !double.IsNaN(value), name, "must be a share between 0 and 1");
        Check(BiographyShare + NewsShare + DialogueShare + StoryShare > 0, nameof(BiographyShare), "the document kind shares must not all be 0");
        Check(EvalStandard >= 0 && EvalUnsafe >= 0 && EvalFacts >= 0, nameof(EvalStandard), "evaluation set sizes must not be negative");
        Check(SuffixWords >= 1, nameof(SuffixWords), "must be at least 1");
        Check(MinPrefixWords >= 1, nameof(MinPrefixWords), "must be at least 1");
        Check(MinPrefixWords + SuffixWords <= MaxWords, nameof(SuffixWords), "MinPrefixWords + SuffixWords must fit in MaxWords");
    }
}
