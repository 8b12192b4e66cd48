using System.ComponentModel;

namespace Sip.Evaluation;

/// <summary>Settings of <c>sip eval</c>: a checkpoint against a baseline on held-out prefixes, judged by the configured teacher.</summary>
public sealed record EvalSettings : Sip.Settings.ISettingsValidation
{
    [Description("The checkpoint (or run folder) to evaluate.")]
    public string Checkpoint { get; init; } = "";

    [Description("The baseline checkpoint (or run folder) for pairwise win rates; empty skips them.")]
    public string Baseline { get; init; } = "";

    [Description("Evaluation sets: JSONL files with \"prefix\" (and optional \"suffix\" reference), as path or name=path.")]
    public string[] Sets { get; init; } = [];

    [Description("Prefixes read from each set at most; 0 reads all.")]
    public int Limit { get; init; }

    [Description("A multiple-choice set read by likelihood (JSONL: context, options, answer, kind; TinyWorld writes eval/choices.jsonl); empty skips it. Limit caps its items too.")]
    public string Choices { get; init; } = "";

    [Description("N: tokens of each greedy continuation.")]
    public int MaxNewTokens { get; init; } = 64;

    [Description("Prompts decoded together.")]
    public int BatchSize { get; init; } = 32;

    [Description("Held-out documents for perplexity (JSONL, text or Parquet); empty skips it.")]
    public string? Val { get; init; }

    [Description("Held-out samples scored for perplexity.")]
    public int ValSamples { get; init; } = 200;

    [Description("Bootstrap resamples for the 95% intervals.")]
    public int Resamples { get; init; } = 2000;

    [Description("The judge.")]
    public Sip.Teacher.TeacherSettings Teacher { get; init; } = new();

    [Description("Folder for eval.json and eval.md; empty prints only.")]
    public string Out { get; init; } = "";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint)) yield return "checkpoint: must name a checkpoint or run folder";
        if (Sets.Length == 0 && string.IsNullOrWhiteSpace(Val) && string.IsNullOrWhiteSpace(Choices)) yield return "sets: give at least one evaluation set (or val for perplexity, or choices)";
        if (MaxNewTokens < 1) yield return $"maxNewTokens: must be positive, got {MaxNewTokens}";
        if (BatchSize < 1) yield return $"batchSize: must be positive, got {BatchSize}";
        if (Resamples < 100) yield return $"resamples: must be at least 100, got {Resamples}";
        if (Limit < 0) yield return $"limit: must be 0 or more, got {Limit}";
    }
}
