namespace Sip.Settings;

/// <summary>Runs <see cref="ISettingsValidation"/> over a whole settings tree.</summary>
public static class SettingsValidator
{
    /// <summary>Every problem in the tree, each prefixed with its record's path: "optim.lr: must be positive".</summary>
    /// <param name="settings">the root record (or a group, with <paramref name="prefix"/> its path plus ".")</param>
    /// <param name="prefix">prepended to every problem, so a group checked on its own names its settings in full ("model.")</param>
    public static IReadOnlyList<string> Problems(object settings, string prefix = "")
    {
        var problems = new List<string>();
        Collect(settings, prefix, problems);
        return problems;
    }

    /// <summary>Throws when <see cref="Problems"/> finds any.</summary>
    /// <exception cref="SipInputException">
    /// One problem: Location is the setting path, Reason the problem. Several: Location is
    /// <paramref name="source"/> and Reason lists them all, so one run shows every fix needed.
    /// </exception>
    public static void ThrowIfInvalid(object settings, string source = "settings", string prefix = "") =>
        Throw(Problems(settings, prefix), source);

    /// <summary>
    /// Throws for <paramref name="problems"/> ("path: reason" each), as <see cref="ThrowIfInvalid"/> does: the one way
    /// a settings problem reaches the user, whether a record found it in <see cref="ISettingsValidation.Validate"/> or
    /// a consumer found it against what it loaded (a checkpoint's context length, a tokenizer's vocabulary).
    /// </summary>
    public static void Throw(IReadOnlyList<string> problems, string source = "settings")
    {
        if (problems.Count == 0) return;
        if (problems.Count == 1)
        {
            string p = problems[0];
            int colon = p.IndexOf(": ", StringComparison.Ordinal);
            throw colon > 0
                ? new SipInputException(p[..colon], null, p[(colon + 2)..])
                : new SipInputException(source, null, p);
        }
        throw new SipInputException(source, null, $"{problems.Count} invalid settings: {string.Join("; ", problems)}");
    }

    private static void Collect(object node, string prefix, List<string> problems)
    {
        if (node is ISettingsValidation validating)
            problems.AddRange(validating.Validate().Select(p => prefix + p));
        foreach (var property in SettingsSchema.Properties(node.GetType()))
        {
            if (SettingsSchema.IsGroup(property.Info.PropertyType) && property.Info.GetValue(node) is { } child)
                Collect(child, prefix + property.JsonName + ".", problems);
        }
    }
}
