using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sip.World;

/// <summary>
/// JSON settings shared by every TinyWorld file: snake_case names, lowercase enums, no escaping of ordinary
/// punctuation (the text is ASCII), nulls left out, "\n" line ends whatever the platform. Property order is
/// declaration order and collections are lists, so output is byte-stable.
/// </summary>
internal static class WorldJson
{
    public static readonly JsonSerializerOptions Line = Make(indented: false);
    public static readonly JsonSerializerOptions Indented = Make(indented: true);

    private static JsonSerializerOptions Make(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = indented,
        NewLine = "\n",
    };

    /// <summary>Writes <paramref name="text"/> as UTF-8 without BOM and with "\n" line ends.</summary>
    public static void WriteText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(false));
    }

    /// <summary>Writes one JSON object per line.</summary>
    public static void WriteLines<T>(string path, IEnumerable<T> records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = File.Create(path);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var r in records)
        {
            writer.Write(JsonSerializer.Serialize(r, Line));
            writer.Write('\n');
        }
    }
}
