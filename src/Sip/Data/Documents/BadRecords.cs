namespace Sip.Data.Documents;

/// <summary>
/// The one place where a reader's complaint about a record becomes either an exception or a counted skip,
/// so every reader applies <see cref="BadRecordPolicy"/> the same way.
/// </summary>
internal sealed class BadRecords(BadRecordPolicy policy, DataStats stats)
{
    public void Report(SkipReason reason, string file, long? line, string why)
    {
        if (policy == BadRecordPolicy.Fail) throw new SipInputException(file, line, why);
        stats.CountSkipped(reason);
    }
}
