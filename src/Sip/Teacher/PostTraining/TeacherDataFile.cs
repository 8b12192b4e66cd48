using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.PostTraining;

/// <summary>
/// Teacher data as JSONL, one <see cref="TeacherExample"/> per line with snake_case fields and lowercase task names,
/// empty fields left out. Reading checks every line (known task, a label of that task, its fields filled, a unique id)
/// and names the file and line of the first bad one, so a hand-edited or user-made file fails before training starts.
/// </summary>
public static class TeacherDataFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // A field a task does not use stays out of its line (a safety line has no "first" or "target").
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutEmptyText } },
    };

    private static void LeaveOutEmptyText(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
            if (property.PropertyType == typeof(string)) property.ShouldSerialize = (_, value) => !string.IsNullOrEmpty((string?)value);
    }

    /// <summary>Writes the examples, one per line, UTF-8 without BOM.</summary>
    public static void Write(string path, IEnumerable<TeacherExample> examples)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(File.Create(path), new UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var e in examples)
        {
            writer.Write(JsonSerializer.Serialize(e, Json));
            writer.Write('\n');
        }
    }

    /// <summary>Reads and checks every line; blank lines are skipped.</summary>
    public static IReadOnlyList<TeacherExample> Read(string path)
    {
        IEnumerable<string> lines;
        try { lines = File.ReadLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(path, null, "cannot read the teacher data: " + e.Message, e);
        }
        var examples = new List<TeacherExample>();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        long number = 0;
        try
        {
            foreach (var line in lines)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                TeacherExample example;
                try
                {
                    example = JsonSerializer.Deserialize<TeacherExample>(line, Json) ?? throw new SipInputException(path, number, "null record");
                }
                catch (JsonException e)
                {
                    throw new SipInputException(path, number, "not a teacher example: " + e.Message, e);
                }
                if (Problem(example) is { } problem) throw new SipInputException(path, number, problem);
                if (ids.TryGetValue(example.Id, out long first)) throw new SipInputException(path, number, $"id '{example.Id}' already used on line {first}");
                ids[example.Id] = number;
                examples.Add(example);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(path, number, "cannot read the teacher data: " + e.Message, e);
        }
        return examples;
    }

    /// <summary>What is wrong with an example, or null.</summary>
    public static string? Problem(TeacherExample example)
    {
        if (string.IsNullOrWhiteSpace(example.Id)) return "id: must not be empty";
        if (!Enum.IsDefined(example.Task)) return $"task: unknown task {(int)example.Task}";
        string task = example.Task.ToString().ToLowerInvariant();
        if (!TeacherLabels.Allowed(example.Task).Contains(example.Label, StringComparer.Ordinal))
            return $"label: '{example.Label}' is not a {task} label; expected {string.Join(", ", TeacherLabels.Allowed(example.Task).Select(l => $"\"{l}\""))}";
        foreach (var field in TeacherLabels.Fields(example.Task))
            if (string.IsNullOrEmpty(Field(example, field))) return $"{field}: a {task} example needs it";
        return null;
    }

    private static string Field(TeacherExample e, string name) => name switch
    {
        "prefix" => e.Prefix,
        "candidate" => e.Candidate,
        "first" => e.First,
        "second" => e.Second,
        "reference" => e.Reference,
        "suffix" => e.Suffix,
        "target" => e.Target,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
