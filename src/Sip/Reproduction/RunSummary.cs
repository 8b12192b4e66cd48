using Sip.Evaluation;

namespace Sip.Reproduction;

/// <summary>One trained model of the reproduction: its name in the table, its run folder and its evaluation against the base.</summary>
public sealed record RunSummary(string Name, string Description, string RunFolder, EvalReport Eval, double TrainSeconds);
