using Sip.Teacher;

namespace Sip.Training.Rewards;

/// <summary>What online DPO trains on for one prefix (paper §5): y_w = argmax r, y_l = argmin r.</summary>
public sealed record PreferencePair(Candidate Chosen, Candidate Rejected, double ChosenReward, double RejectedReward)
{
    /// <summary>r(y_w) − r(y_l); positive by construction.</summary>
    public double Margin => ChosenReward - RejectedReward;
}
