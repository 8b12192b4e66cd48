using Sip.Evaluation;

namespace Sip.Reproduction;

/// <summary>One trained model of the reproduction: its name in the table, its run folder and its evaluation against the base.</summary>
public sealed record RunSummary(string Name, string Description, string RunFolder, EvalReport Eval, double TrainSeconds)
{
    /// <summary>The run its paired differences are taken against (continual NTP, or NTP from scratch); null for none.</summary>
    public string? Reference { get; init; }

    /// <summary>Trained from random weights rather than from the base.</summary>
    public bool FromScratch { get; init; }
}
