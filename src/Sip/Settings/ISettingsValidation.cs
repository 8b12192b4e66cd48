namespace Sip.Settings;

/// <summary>
/// A settings record that can check itself beyond what types express (ranges, cross-field rules).
/// <see cref="SettingsValidator"/> calls it on every record of a settings tree after the JSON file and the
/// command line have been applied.
/// </summary>
public interface ISettingsValidation
{
    /// <summary>
    /// The problems found, none when valid. Convention: each one is "<c>camelCaseProperty: reason</c>"
    /// (e.g. <c>"lr: must be positive, got -1"</c>); the validator prefixes the record's path, so the user
    /// reads <c>optim.lr: must be positive, got -1</c>.
    /// </summary>
    IEnumerable<string> Validate();
}
