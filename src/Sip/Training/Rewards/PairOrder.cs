namespace Sip.Training.Rewards;

/// <summary>Which candidate of a pair the quality judge reads as Option 1.</summary>
public enum PairOrder
{
    /// <summary>The candidate with the lower pool index is Option 1. Reproducible, but any position bias then favours fixed pool slots.</summary>
    Fixed,

    /// <summary>A fair coin per pair decides (from the plan's <see cref="Sip.Rng"/>). One call per pair, and position bias becomes noise instead of a systematic push.</summary>
    Random,

    /// <summary>
    /// Both orders are asked (two calls per pair). When the two orders' majorities name different winners the pair is a
    /// tie (0.5 each): a verdict that flips with the order says nothing about the texts.
    /// </summary>
    Both,
}
