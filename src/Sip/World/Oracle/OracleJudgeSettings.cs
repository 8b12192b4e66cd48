using System.ComponentModel;
using System.Globalization;

namespace Sip.World.Oracle;

/// <summary>
/// How the TinyWorld oracle judge samples its verdicts. With the defaults it is the paper's ideal judge: one noiseless
/// sample per request. The noise and bias knobs let it play weaker judges (paper Table 11: untuned judges sit near
/// chance on suffix quality and prefer longer, complete-looking text), so a run can measure how much judge quality SIP needs.
/// Every random draw comes from (<see cref="Seed"/>, the request's content, the sample index), never from call order.
/// </summary>
public sealed record OracleJudgeSettings : Sip.Settings.ISettingsValidation
{
    [Description("S: verdicts sampled per request (the paper samples its Llama judge 5 times).")]
    public int Samples { get; init; } = 1;

    [Description("Probability that a verdict is flipped: safety 0<->1, quality option 1<->2, factuality to one of the two other labels.")]
    public double Noise { get; init; }

    [Description("Probability that a quality verdict is 'Option 1' whatever the options say (position bias).")]
    public double PositionBias { get; init; }

    [Description("Probability that a quality verdict picks the longer option whatever the options say (length bias); equal lengths get the honest verdict.")]
    public double LengthBias { get; init; }

    [Description("Seed of the judge's draws (noise, biases and tie-breaking coins).")]
    public ulong Seed { get; init; } = 1;

    /// <summary>The problems found, none when valid; each reads "camelCaseSetting: reason".</summary>
    public IEnumerable<string> Validate()
    {
        if (Samples < 1) yield return $"samples: must be at least 1, got {Samples}";
        foreach (var (name, value) in new[] { ("noise", Noise), ("positionBias", PositionBias), ("lengthBias", LengthBias) })
            if (!(value is >= 0 and <= 1)) yield return $"{name}: must be a probability between 0 and 1, got {Format(value)}";
        if (PositionBias + LengthBias > 1)
            yield return $"lengthBias: positionBias + lengthBias must not exceed 1 (they take turns on one draw), got {Format(PositionBias + LengthBias)}";
    }

    /// <summary>Throws <see cref="SipInputException"/> naming the setting at fault.</summary>
    public void ThrowIfInvalid() => Sip.Settings.SettingsValidator.ThrowIfInvalid(this, "oracle judge settings");

    /// <summary>A stable one-line form (round-trip number formatting), part of the judge's description.</summary>
    public string Describe() =>
        $"samples={Samples}, noise={Format(Noise)}, positionBias={Format(PositionBias)}, lengthBias={Format(LengthBias)}, seed={Seed}";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
