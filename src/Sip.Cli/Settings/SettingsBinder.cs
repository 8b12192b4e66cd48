using System.CommandLine;
using System.CommandLine.Parsing;
using Sip.Settings;

namespace Sip.Cli.Settings;

/// <summary>
/// Exposes a settings record on a System.CommandLine command: <c>--config file.json</c>, repeatable
/// <c>--set key=value</c>, and one <c>--dotted.camelCase.path</c> option per leaf setting whose help is the
/// property's [Description] plus its default. <see cref="Bind"/> resolves
/// defaults &lt; JSON config &lt; options given on the command line &lt; <c>--set</c> (in order),
/// then validates. Only options the user actually typed override anything, so a JSON value is never
/// replaced by a default.
/// </summary>
public sealed class SettingsBinder<T> where T : class, new()
{
    private readonly List<(SettingDescriptor Setting, Option Option)> _settingOptions = [];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    /// <exception cref="InvalidOperationException">A setting's path collides with an option the command already has.</exception>
    public SettingsBinder(Command command)
    {
        ConfigOption = new Option<string>("--config")
        {
            Description = "JSON settings file; options given on the command line override it.",
            HelpName = "file.json",
        };
        SetOption = new Option<string[]>("--set")
        {
            Description = "Override one setting, e.g. --set optim.lr=3e-4 (repeatable; applied last, in order).",
            HelpName = "key=value",
        };
        AddUnique(command, ConfigOption);
        AddUnique(command, SetOption);

        foreach (var setting in SettingsSchema.Describe(new T()))
        {
            bool isFlag = setting.ValueType == typeof(bool) || setting.ValueType == typeof(bool?);
            bool isList = setting.ValueType.IsArray;
            // A list may be given once (comma-separated) or repeated, one item per occurrence.
            Option option = isList
                ? new Option<string[]>("--" + setting.Path) { Description = HelpText(setting), HelpName = setting.TypeName, Arity = ArgumentArity.OneOrMore }
                : new Option<string>("--" + setting.Path)
                {
                    Description = HelpText(setting),
                    HelpName = setting.TypeName,
                    // A bare "--data.shuffle" means true, as users expect of a switch.
                    Arity = isFlag ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
                };
            AddUnique(command, option);
            _settingOptions.Add((setting, option));
        }
    }

    public Option<string> ConfigOption { get; }

    public Option<string[]> SetOption { get; }

    /// <summary>The resolved, validated settings.</summary>
    /// <exception cref="SipInputException">Bad config file, bad value or invalid result; names the file or setting.</exception>
    public T Bind(ParseResult parseResult) =>
        SettingsResolver.Resolve<T>(parseResult.GetValue(ConfigOption), CommandLineOverrides(parseResult));

    /// <summary>
    /// What the command line overrides, as <c>path=value</c> in the order applied: the dotted options the user
    /// typed (in the record's order), then each <c>--set</c>. Useful to log next to the resolved settings.
    /// </summary>
    public IReadOnlyList<string> CommandLineOverrides(ParseResult parseResult)
    {
        var overrides = new List<string>();
        foreach (var (setting, option) in _settingOptions)
        {
            // Absent or implicit results were not typed by the user; they must not clobber the config file.
            if (parseResult.GetResult(option) is not { Implicit: false } result) continue;
            string value = result.Tokens.Count switch
            {
                0 => "true",
                > 1 when setting.ValueType.IsArray => System.Text.Json.JsonSerializer.Serialize(result.Tokens.Select(t => t.Value)),
                _ => result.Tokens[^1].Value,
            };
            overrides.Add($"{setting.Path}={value}");
        }
        overrides.AddRange(parseResult.GetValue(SetOption) ?? []);
        return overrides;
    }

    private static string HelpText(SettingDescriptor setting)
    {
        string text = setting.Description;
        // Null and empty defaults say nothing useful; leave them out rather than print "[default: ]".
        if (setting.Value is not null && setting.ValueText.Length > 0)
            text = (text.Length > 0 ? text + " " : "") + $"[default: {setting.ValueText}]";
        return text;
    }

    private static void AddUnique(Command command, Option option)
    {
        if (command.Options.Any(o => o.Name == option.Name || o.Aliases.Contains(option.Name)))
            throw new InvalidOperationException($"command '{command.Name}' already has an option {option.Name}; rename the setting");
        command.Options.Add(option);
    }
}
