namespace Sip.Settings;

/// <summary>
/// Applies <c>path=value</c> overrides (<c>model.dim=256</c>, <c>optim.lr=3e-4</c>, <c>data.files=a.jsonl,b.jsonl</c>)
/// on top of a settings record, without mutating it: every record on the path is copied, as <c>with</c> would.
/// Paths are the dotted camelCase JSON names; values follow <see cref="SettingValueText"/>.
/// </summary>
public static class SettingsOverrides
{
    /// <summary>Applies the overrides in order (a later one for the same key wins) and returns the new settings.</summary>
    /// <exception cref="SipInputException">Location is the key (or the whole override when it has no '='), Reason says what is wrong.</exception>
    public static T Apply<T>(T settings, IEnumerable<string> overrides) where T : class
    {
        object current = settings;
        foreach (string entry in overrides)
        {
            int eq = entry.IndexOf('=');
            if (eq < 0) throw new SipInputException(entry, null, "expected key=value, e.g. optim.lr=3e-4");
            string key = entry[..eq].Trim();
            if (key.Length == 0) throw new SipInputException(entry, null, "the key before '=' is empty");
            current = Set(current, key, entry[(eq + 1)..]);
        }
        return (T)current;
    }

    /// <summary>Sets one setting by path and returns the updated copy of <paramref name="settings"/>.</summary>
    public static T Set<T>(T settings, string key, string valueText) where T : class =>
        (T)SetPath(settings, key.Split('.'), 0, key, valueText);

    private static object SetPath(object node, string[] segments, int index, string key, string valueText)
    {
        string parentPath = string.Join('.', segments[..index]);
        var properties = SettingsSchema.Properties(node.GetType());
        var property = properties.FirstOrDefault(p => p.JsonName == segments[index])
            ?? throw new SipInputException(key, null, UnknownReason(segments[index], parentPath, properties));
        var type = property.Info.PropertyType;
        bool isLast = index == segments.Length - 1;

        object? newValue;
        if (SettingsSchema.IsGroup(type))
        {
            if (isLast)
                throw new SipInputException(key, null,
                    $"is a group of settings; set one of its members, e.g. {key}.{SettingsSchema.Properties(type).FirstOrDefault()?.JsonName ?? "..."}");
            object child = property.Info.GetValue(node) ?? Activator.CreateInstance(type)!;
            newValue = SetPath(child, segments, index + 1, key, valueText);
        }
        else
        {
            if (!isLast)
                throw new SipInputException(key, null, $"'{string.Join('.', segments[..(index + 1)])}' is a single setting, not a group");
            if (!SettingValueText.IsSupported(type))
                throw new SipInputException(key, null, $"cannot be set on the command line (it is a {type.Name}); set it in the JSON config");
            if (!SettingValueText.TryParse(type, property.AcceptsNull, valueText, out newValue, out string error))
                throw new SipInputException(key, null, $"{error} (expected {SettingValueText.TypeName(type)})");
        }

        object copy = SettingsSchema.ShallowCopy(node);
        property.Info.SetValue(copy, newValue);
        return copy;
    }

    private static string UnknownReason(string name, string parentPath, IReadOnlyList<SettingProperty> known)
    {
        string where = parentPath.Length == 0 ? "" : $" in '{parentPath}'";
        var sameButCase = known.FirstOrDefault(p => string.Equals(p.JsonName, name, StringComparison.OrdinalIgnoreCase));
        if (sameButCase is not null) return $"unknown setting '{name}'{where}; did you mean '{sameButCase.JsonName}'? (names are camelCase)";
        return $"unknown setting '{name}'{where}; known: {string.Join(", ", known.Select(p => p.JsonName))}";
    }
}
