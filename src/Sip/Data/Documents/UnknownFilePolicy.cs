namespace Sip.Data.Documents;

/// <summary>What listing a corpus does with a file whose extension names no known format.</summary>
public enum UnknownFilePolicy
{
    /// <summary>Throw a <see cref="SipInputException"/> naming the file (the default: a stray file is more often a mistake than noise).</summary>
    Fail,

    /// <summary>Leave it out and list it in <see cref="DocumentSource.SkippedFiles"/>.</summary>
    Skip,
}
