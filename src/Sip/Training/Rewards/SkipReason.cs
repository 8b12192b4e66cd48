namespace Sip.Training.Rewards;

/// <summary>Why a prefix yields nothing to train on this step.</summary>
public enum SkipReason
{
    /// <summary>Every candidate with a reward has the same reward: there is no preference to learn (fairseq2 skips these too).</summary>
    AllTied,

    /// <summary>Fewer candidates have a reward than the objective needs: two for a preference pair, one for the best.</summary>
    TooFewValid,
}
