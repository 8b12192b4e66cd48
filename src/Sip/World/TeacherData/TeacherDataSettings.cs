using System.ComponentModel;

namespace Sip.World.TeacherData;

/// <summary>How much teacher data to make from a TinyWorld, and how its examples are cut (docs/teachers.md, "Teacher data").</summary>
public sealed record TeacherDataSettings : Sip.Settings.ISettingsValidation
{
    [Description("Seed of the teacher data's own documents (mixed with the world's seed, so two worlds never share them).")]
    public ulong Seed { get; init; } = 1;

    [Description("Examples of each task (safety, quality, factuality, rewrite) in the train split; quality counts both orders of a pair.")]
    public int Train { get; init; } = 1600;

    [Description("Examples of each task in the validation split.")]
    public int Val { get; init; } = 100;

    [Description("Examples of each task in the test split (held out: `sip teacher check` reads it, nothing trains or tunes on it).")]
    public int Test { get; init; } = 200;

    [Description("Words in a suffix or candidate: about the N = 32 tokens of the reproduction's rollouts, which the teacher will judge.")]
    public int SuffixWords { get; init; } = 24;

    [Description("Longest prefix in words (the policy's prefixes fit its context; longer ones would teach the judge on prompts it never sees).")]
    public int MaxPrefixWords { get; init; } = 110;

    public IEnumerable<string> Validate()
    {
        if (Train < 2 || Val < 2 || Test < 2) yield return $"train, val, test: each split needs at least 2 examples per task, got {Train}, {Val}, {Test}";
        if (SuffixWords < 4) yield return $"suffixWords: must be at least 4, got {SuffixWords}";
        if (MaxPrefixWords < 8) yield return $"maxPrefixWords: must be at least 8, got {MaxPrefixWords}";
    }
}

/// <summary><c>sip teacher data</c>: which world to make teacher data from, where to write it, and how much.</summary>
public sealed record TeacherDataJob : Sip.Settings.ISettingsValidation
{
    [Description("TinyWorld folder (sip world generate --out ...) whose oracle labels the data.")]
    public string World { get; init; } = "";

    [Description("Folder for train.jsonl, val.jsonl, test.jsonl and card.md.")]
    public string Out { get; init; } = "teacher-data";

    public TeacherDataSettings Data { get; init; } = new();

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(World)) yield return "world: must name the TinyWorld folder whose oracle labels the data";
        if (string.IsNullOrWhiteSpace(Out)) yield return "out: must name a folder";
        foreach (var problem in Data.Validate()) yield return "data." + problem;
    }

    /// <summary>Builds the data, writes it with its card, and returns the card (Markdown).</summary>
    public string Run()
    {
        var splits = TeacherDataBuilder.Build(World, Data);
        splits.Write(Out);
        string card = $"# Teacher data\n\nworld: {Path.GetFullPath(World)}\n\n{splits.Describe()}";
        File.WriteAllText(Path.Combine(Out, "card.md"), card);
        return card;
    }
}
