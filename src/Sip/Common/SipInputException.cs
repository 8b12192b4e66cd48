namespace Sip;

/// <summary>
/// Bad input from a user: a file, a record or a setting that sip cannot use.
/// The message always names where the problem is (file and line when there is one) and why,
/// so a user can fix the input without reading sip's code.
/// </summary>
public sealed class SipInputException : Exception
{
    public SipInputException(string source, long? line, string reason, Exception? inner = null)
        : base(Format(source, line, reason), inner)
    {
        Location = source;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file (or setting name) at fault.</summary>
    public string Location { get; }

    /// <summary>1-based line or record number inside <see cref="Location"/>, when it has one.</summary>
    public long? Line { get; }

    /// <summary>What is wrong, in plain words.</summary>
    public string Reason { get; }

    private static string Format(string source, long? line, string reason) =>
        line is { } l ? $"{source}:{l}: {reason}" : $"{source}: {reason}";
}
