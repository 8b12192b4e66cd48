using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Sip.Settings;

/// <summary>
/// Settings records as JSON files: camelCase names, comments and trailing commas allowed, enums as camelCase
/// strings. Strict where a typo would otherwise be silent: an unknown property, a wrong type or a null for a
/// non-nullable setting is a <see cref="SipInputException"/> naming the file, line and setting path.
/// A file may set any subset of settings; the rest keep the record's defaults.
/// </summary>
public static partial class SettingsFile
{
    /// <summary>The serializer options used for settings, for callers that embed settings in other JSON.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    /// <summary>Reads settings from a JSON file.</summary>
    public static T Load<T>(string path) where T : class
    {
        string json;
        try { json = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(path, null, $"cannot read settings file: {e.Message}", e);
        }
        return Parse<T>(json, path);
    }

    /// <summary>Reads settings from JSON text; <paramref name="source"/> names it in errors.</summary>
    public static T Parse<T>(string json, string source) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonOptions)
                ?? throw new SipInputException(source, 1, "holds null; expected a JSON object of settings");
        }
        catch (JsonException e)
        {
            throw Translate(e, typeof(T), source);
        }
    }

    /// <summary>The settings as indented JSON, in the form <see cref="Parse{T}"/> reads back.</summary>
    public static string ToJson<T>(T settings) where T : class => JsonSerializer.Serialize(settings, JsonOptions);

    /// <summary>
    /// Writes the resolved settings (every value, defaults included) so a run records exactly what it used.
    /// Written to a temporary file and renamed, so a crash never leaves half a settings file next to a checkpoint.
    /// </summary>
    public static void Save<T>(T settings, string path) where T : class
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        string temp = path + ".tmp";
        File.WriteAllText(temp, ToJson(settings) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            WriteIndented = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Rewrites System.Text.Json's messages (written for developers) in terms of settings.</summary>
    private static SipInputException Translate(JsonException e, Type root, string source)
    {
        long? line = e.LineNumber + 1;
        string path = SettingPath(e.Path);
        string message = e.Message;

        if (UnmappedProperty().Match(message) is { Success: true } unmapped)
        {
            // The exception's path already ends at the unknown name ("$.model.dimm").
            string full = path.Length > 0 ? path : unmapped.Groups[1].Value;
            string parent = full.Contains('.') ? full[..full.LastIndexOf('.')] : "";
            var known = LeafType(root, parent) is { } parentType && SettingsSchema.IsGroup(parentType)
                ? SettingsSchema.Properties(parentType).Select(p => p.JsonName) : [];
            return new SipInputException(source, line, $"unknown setting '{full}'; known{(parent.Length > 0 ? $" in '{parent}'" : "")}: {string.Join(", ", known)}", e);
        }
        if (NullNotAllowed().IsMatch(message))
            return new SipInputException(source, line, $"setting '{path}' cannot be null", e);
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            if (path.Length == 0) return new SipInputException(source, line, "expected a JSON object of settings", e);
            string expected = LeafType(root, path) is { } t
                ? SettingsSchema.IsGroup(t) ? "an object of settings" : SettingValueText.TypeName(t)
                : "another type";
            return new SipInputException(source, line, $"setting '{path}' has the wrong type: expected {expected}", e);
        }
        return new SipInputException(source, line, $"invalid settings JSON{(path.Length > 0 ? $" at '{path}'" : "")}: {StripPosition(message)}", e);
    }

    /// <summary>"$.data.files[2]" becomes "data.files[2]"; "$" becomes "".</summary>
    private static string SettingPath(string? jsonPath) =>
        jsonPath is null or "$" ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    /// <summary>The declared type at a dotted path (array indices ignored), or null if the path leaves the schema.</summary>
    private static Type? LeafType(Type root, string path)
    {
        Type type = root;
        if (path.Length == 0) return type;
        foreach (string segment in path.Split('.'))
        {
            string name = segment.Split('[')[0];
            var property = SettingsSchema.Properties(type).FirstOrDefault(p => p.JsonName == name);
            if (property is null) return null;
            type = property.Info.PropertyType;
            // "files[2]" is one item of the array.
            if (segment.Contains('[') && type.IsArray) type = type.GetElementType()!;
        }
        return type;
    }

    private static string StripPosition(string message)
    {
        int at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"(doesn't allow|does not allow|cannot be).*null", RegexOptions.IgnoreCase)]
    private static partial Regex NullNotAllowed();
}
