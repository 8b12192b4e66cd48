namespace Sip.Data.Documents;

/// <summary>What a document source does with a record (or an empty file) it cannot use.</summary>
public enum BadRecordPolicy
{
    /// <summary>Throw a <see cref="SipInputException"/> naming file, line and reason (the default).</summary>
    Fail,

    /// <summary>Skip it and count it in <see cref="DataStats.Skipped"/> under its <see cref="SkipReason"/>.</summary>
    Skip,
}
