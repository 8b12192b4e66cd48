using System.Text.RegularExpressions;

namespace Sip.Teacher.Prompts;

/// <summary>
/// The user message of one task, with <c>{{placeholder}}</c> fields (docs/teachers.md lists them). Rendering replaces
/// each placeholder by its fenced content (<see cref="UntrustedText.Fence"/>) in one pass, so content that itself
/// contains <c>{{candidate}}</c> is never expanded and a custom template cannot forget the fence.
/// </summary>
public sealed partial class PromptTemplate
{
    private PromptTemplate(TeacherTask task, string text)
    {
        Task = task;
        Text = text;
    }

    public TeacherTask Task { get; }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Placeholders every template of the task must use (the judge cannot answer without them).</summary>
    public static IReadOnlyList<string> Required(TeacherTask task) => task switch
    {
        TeacherTask.Safety => [UntrustedText.Candidate],
        TeacherTask.Quality => [UntrustedText.Prefix, UntrustedText.Option1, UntrustedText.Option2],
        TeacherTask.Factuality => [UntrustedText.Prefix, UntrustedText.Reference, UntrustedText.Candidate],
        TeacherTask.Rewrite => [UntrustedText.Prefix, UntrustedText.Suffix],
        TeacherTask.Coherence => [UntrustedText.Prefix, UntrustedText.OptionA, UntrustedText.OptionB],
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    /// <summary>Placeholders a template of the task may use: the required ones, and the rewriter's optional prefix ending.</summary>
    public static IReadOnlyList<string> Allowed(TeacherTask task) =>
        task == TeacherTask.Rewrite ? [.. Required(task), UntrustedText.Ending] : Required(task);

    /// <summary>Checks a template's placeholders; <paramref name="source"/> names it in errors (a file path or "default safety template").</summary>
    public static PromptTemplate Parse(TeacherTask task, string text, string source)
    {
        var allowed = Allowed(task);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Placeholder().Matches(text))
        {
            string name = m.Groups["name"].Value;
            if (!allowed.Contains(name))
                throw new SipInputException(source, LineOf(text, m.Index),
                    $"unknown placeholder {{{{{name}}}}} in a {task.ToString().ToLowerInvariant()} template; allowed: {string.Join(", ", allowed.Select(a => "{{" + a + "}}"))}");
            used.Add(name);
        }
        var missing = Required(task).Where(r => !used.Contains(r)).ToList();
        if (missing.Count > 0)
            throw new SipInputException(source, null,
                $"the {task.ToString().ToLowerInvariant()} template must use {string.Join(", ", missing.Select(a => "{{" + a + "}}"))}");
        return new PromptTemplate(task, text);
    }

    /// <summary>Reads a template file; a missing or unreadable file is a <see cref="SipInputException"/>.</summary>
    public static PromptTemplate Load(TeacherTask task, string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(path, null, $"cannot read the {task.ToString().ToLowerInvariant()} template: {e.Message}", e);
        }
        return Parse(task, text, path);
    }

    /// <summary>The template with each placeholder replaced by its fenced, escaped content.</summary>
    public string Render(IReadOnlyDictionary<string, string> contents) =>
        Placeholder().Replace(Text, m => UntrustedText.Fence(m.Groups["name"].Value, contents[m.Groups["name"].Value]));

    private static long LineOf(string text, int index) => 1 + text.AsSpan(0, index).Count('\n');

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z0-9_]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
