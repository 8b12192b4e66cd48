using System.ComponentModel;

namespace Sip.Training.Objectives;

/// <summary>Online DPO knobs the paper leaves open (§11); defaults follow FAIR's fairseq2 online DPO.</summary>
public sealed record DpoSettings : Sip.Settings.ISettingsValidation
{
    [Description("β: strength of the pull towards the reference model.")]
    public double Beta { get; init; } = 0.1;

    [Description("Copy the policy into the reference every this many steps; 0 keeps the starting policy frozen as the reference.")]
    public int ReferenceSyncEvery { get; init; }

    [Description("Weight of an extra NLL term on the chosen continuation (per token); 0 for none.")]
    public double NllWeight { get; init; }

    [Description("Average log-probabilities per token instead of summing them over the continuation.")]
    public bool LengthNormalize { get; init; }

    public IEnumerable<string> Validate()
    {
        if (!(Beta > 0)) yield return $"beta: must be positive, got {Beta}";
        if (ReferenceSyncEvery < 0) yield return $"referenceSyncEvery: must be 0 (never) or positive, got {ReferenceSyncEvery}";
        if (NllWeight < 0) yield return $"nllWeight: must be 0 or more, got {NllWeight}";
    }
}
