namespace Sip.Evaluation;

/// <summary>One evaluation set's figures for a model, in percent where the paper uses percent, with 95% bootstrap intervals.</summary>
public sealed record SetResult(
    string Name,
    int Prefixes,
    Estimate? QualityWinRate,
    Estimate? CoherenceWinRate,
    Estimate? Safety,
    Estimate? Factuality,
    int UnscoredPairs,
    int InvalidJudgments)
{
    /// <summary>Per-prefix scores, kept so two models' results can be compared with paired intervals.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double?>> PerPrefix { get; init; } = new Dictionary<string, IReadOnlyList<double?>>();

    /// <summary>Further named figures in percent, such as a multiple-choice set's accuracies (<see cref="ChoiceScoring.Score"/>).</summary>
    public IReadOnlyDictionary<string, Estimate> Scores { get; init; } = new Dictionary<string, Estimate>();

    /// <summary>A few continuations, for a human to read beside the numbers.</summary>
    public IReadOnlyList<ExampleContinuation> Examples { get; init; } = [];
}

/// <summary>A prefix with the model's and the baseline's continuations.</summary>
public sealed record ExampleContinuation(string Prefix, string Model, string? Baseline);

/// <summary>The result of <c>sip eval</c>.</summary>
public sealed record EvalReport(string Checkpoint, string? Baseline, string Judge, IReadOnlyList<SetResult> Sets, double? Perplexity);
