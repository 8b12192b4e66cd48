namespace Sip.Training;

/// <summary>Which targets of a (prefix, continuation) sequence the NTP loss counts.</summary>
public enum LossSpan
{
    /// <summary>Every token after BOS: standard pretraining.</summary>
    All,

    /// <summary>Only the continuation (suffix) tokens, as the self-improving objectives do.</summary>
    Suffix,
}
