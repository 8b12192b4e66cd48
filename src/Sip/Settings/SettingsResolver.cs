namespace Sip.Settings;

/// <summary>
/// The one precedence rule for every verb: record defaults, then the JSON config file, then command-line
/// overrides in order; then validation.
/// </summary>
public static class SettingsResolver
{
    /// <param name="configPath">A JSON settings file, or null for defaults only.</param>
    /// <param name="overrides"><c>path=value</c> entries, applied in order (see <see cref="SettingsOverrides"/>).</param>
    /// <exception cref="SipInputException">Any bad file, override or invalid result.</exception>
    public static T Resolve<T>(string? configPath, IEnumerable<string> overrides) where T : class, new()
    {
        T settings = configPath is null ? new T() : SettingsFile.Load<T>(configPath);
        settings = SettingsOverrides.Apply(settings, overrides);
        SettingsValidator.ThrowIfInvalid(settings, configPath ?? "settings");
        return settings;
    }
}
