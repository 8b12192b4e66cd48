namespace Sip.Settings;

/// <summary>
/// One leaf setting of a settings tree, as the command line and help see it.
/// </summary>
/// <param name="Path">Dotted camelCase path, e.g. <c>optim.lr</c>; the JSON property names along the way.</param>
/// <param name="ValueType">The property type (for a nullable value type, the <see cref="Nullable{T}"/> itself).</param>
/// <param name="AcceptsNull">Whether <c>null</c> is a legal value (nullable value or reference type).</param>
/// <param name="Description">The property's [Description], or empty.</param>
/// <param name="Value">The value in the instance described (the defaults, when that is a fresh record).</param>
public sealed record SettingDescriptor(string Path, Type ValueType, bool AcceptsNull, string Description, object? Value)
{
    /// <summary>The value as it is written on the command line (see <see cref="SettingValueText.Format"/>).</summary>
    public string ValueText => SettingValueText.Format(Value);

    /// <summary>A short name for the kind of value expected, for help and errors (e.g. "int", "a|b|c").</summary>
    public string TypeName => SettingValueText.TypeName(ValueType);
}
