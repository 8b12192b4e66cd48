using System.Security.Cryptography;
using System.Text;

namespace Sip.Teacher.Prompts;

/// <summary>
/// Turns judge and rewrite requests into chat messages: an optional system prompt (trusted, from settings) and the
/// task's template rendered with the fenced request texts. Rendering is deterministic, so equal requests give equal
/// messages (the cache keys on them).
/// </summary>
public sealed class TeacherPrompts
{
    private readonly IReadOnlyDictionary<TeacherTask, PromptTemplate> _templates;

    /// <summary>The templates of each task (<paramref name="coherence"/> null: the built-in one) and an optional system prompt.</summary>
    public TeacherPrompts(PromptTemplate safety, PromptTemplate quality, PromptTemplate factuality, PromptTemplate rewrite, string systemPrompt = "",
        PromptTemplate? coherence = null)
    {
        _templates = new Dictionary<TeacherTask, PromptTemplate>
        {
            [TeacherTask.Safety] = Check(safety, TeacherTask.Safety),
            [TeacherTask.Quality] = Check(quality, TeacherTask.Quality),
            [TeacherTask.Factuality] = Check(factuality, TeacherTask.Factuality),
            [TeacherTask.Rewrite] = Check(rewrite, TeacherTask.Rewrite),
            [TeacherTask.Coherence] = Check(coherence ?? BuiltIn(TeacherTask.Coherence), TeacherTask.Coherence),
        };
        SystemPrompt = systemPrompt;
    }

    /// <summary>The built-in templates (<see cref="DefaultTemplates"/>) and no system prompt.</summary>
    public static TeacherPrompts Default { get; } = FromTexts(DefaultTemplates.For, "default");

    /// <summary>The built-in templates, each replaced by the file given for its task (empty or absent: built-in).</summary>
    public static TeacherPrompts Load(IReadOnlyDictionary<TeacherTask, string> templateFiles, string systemPrompt = "") =>
        Default.With(templateFiles, systemPrompt);

    /// <summary>These templates, each replaced by the file given for its task (empty or absent: kept), and the system prompt when one is given.</summary>
    public TeacherPrompts With(IReadOnlyDictionary<TeacherTask, string> templateFiles, string? systemPrompt = null)
    {
        PromptTemplate Get(TeacherTask task) =>
            templateFiles.TryGetValue(task, out var path) && !string.IsNullOrWhiteSpace(path) ? PromptTemplate.Load(task, path) : _templates[task];
        return new TeacherPrompts(Get(TeacherTask.Safety), Get(TeacherTask.Quality), Get(TeacherTask.Factuality), Get(TeacherTask.Rewrite),
            systemPrompt ?? SystemPrompt, Get(TeacherTask.Coherence));
    }

    /// <summary>The compact templates (<see cref="CompactTemplates"/>) for small post-trained teachers, and no system prompt.</summary>
    public static TeacherPrompts Compact { get; } = OfSet(TemplateSet.Compact);

    /// <summary>A built-in template set.</summary>
    public static TeacherPrompts OfSet(TemplateSet set) => set switch
    {
        TemplateSet.Default => Default,
        TemplateSet.Compact => FromTexts(CompactTemplates.For, "compact"),
        _ => throw new ArgumentOutOfRangeException(nameof(set)),
    };

    /// <summary>The folder inside a teacher checkpoint that holds the templates it was trained on.</summary>
    public const string FolderName = "templates";

    private const string SystemFileName = "system.txt";

    /// <summary>The file of <paramref name="task"/>'s template in a templates folder.</summary>
    public static string FileOf(string templatesFolder, TeacherTask task) => Path.Combine(templatesFolder, task.ToString().ToLowerInvariant() + ".txt");

    /// <summary>Writes every template and the system prompt into <paramref name="templatesFolder"/>, one file each, so a teacher carries the prompts it was trained on.</summary>
    public void Save(string templatesFolder)
    {
        Directory.CreateDirectory(templatesFolder);
        foreach (var (task, template) in _templates) File.WriteAllText(FileOf(templatesFolder, task), template.Text);
        File.WriteAllText(Path.Combine(templatesFolder, SystemFileName), SystemPrompt);
    }

    /// <summary>True when <paramref name="folder"/> (a checkpoint) carries saved templates.</summary>
    public static bool HasSaved(string folder) => Directory.Exists(Path.Combine(folder, FolderName));

    /// <summary>
    /// The templates saved in <paramref name="folder"/>'s templates folder (<see cref="Save"/>); a task without a file
    /// gets the built-in template. Each file is checked as a template of its task (errors name it).
    /// </summary>
    public static TeacherPrompts LoadSaved(string folder)
    {
        var templates = Path.Combine(folder, FolderName);
        if (!Directory.Exists(templates)) throw new SipInputException(folder, null, $"no {FolderName} folder: this checkpoint carries no prompt templates");
        var files = Enum.GetValues<TeacherTask>().ToDictionary(t => t, t => File.Exists(FileOf(templates, t)) ? FileOf(templates, t) : "");
        var system = Path.Combine(templates, SystemFileName);
        return Load(files, File.Exists(system) ? File.ReadAllText(system) : "");
    }

    public PromptTemplate this[TeacherTask task] => _templates[task];

    public string SystemPrompt { get; }

    /// <summary>Short hash of the system prompt and the templates of <paramref name="tasks"/>: part of a teacher's description, so a changed prompt is a changed teacher.</summary>
    public string Fingerprint(params TeacherTask[] tasks)
    {
        var text = new StringBuilder().Append(SystemPrompt).Append('\0');
        foreach (var task in tasks) text.Append(_templates[task].Text).Append('\0');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    public static TeacherTask TaskOf(JudgeRequest request) => request switch
    {
        SafetyRequest => TeacherTask.Safety,
        QualityRequest => TeacherTask.Quality,
        FactualityRequest => TeacherTask.Factuality,
        CoherenceRequest => TeacherTask.Coherence,
        _ => throw new ArgumentException($"unknown judge request {request.GetType().Name}", nameof(request)),
    };

    public RenderedPrompt Render(JudgeRequest request)
    {
        var contents = request switch
        {
            SafetyRequest s => new Dictionary<string, string> { [UntrustedText.Candidate] = s.Candidate },
            QualityRequest q => new Dictionary<string, string> { [UntrustedText.Prefix] = q.Prefix, [UntrustedText.Option1] = q.First, [UntrustedText.Option2] = q.Second },
            FactualityRequest f => new Dictionary<string, string> { [UntrustedText.Prefix] = f.Prefix, [UntrustedText.Reference] = f.Reference, [UntrustedText.Candidate] = f.Candidate },
            CoherenceRequest c => new Dictionary<string, string> { [UntrustedText.Prefix] = c.Prefix, [UntrustedText.OptionA] = c.First, [UntrustedText.OptionB] = c.Second },
            _ => throw new ArgumentException($"unknown judge request {request.GetType().Name}", nameof(request)),
        };
        var task = TaskOf(request);
        return new RenderedPrompt(task, Messages(_templates[task].Render(contents), prefill: null));
    }

    /// <summary>
    /// The rewrite prompt (paper §3): the suffix is shown with the prefix's last five words in front of it, and those words
    /// start the answer, either by instruction (the default template asks for them) or, with <paramref name="prefillAnswer"/>,
    /// as a final assistant message for servers that continue it.
    /// </summary>
    public RenderedPrompt Render(RewriteRequest request, bool prefillAnswer = false)
    {
        string ending = PrefixEnding.Of(request.Prefix);
        var contents = new Dictionary<string, string>
        {
            [UntrustedText.Prefix] = request.Prefix,
            [UntrustedText.Suffix] = ending + request.Suffix,
            [UntrustedText.Ending] = ending,
        };
        return new RenderedPrompt(TeacherTask.Rewrite, Messages(_templates[TeacherTask.Rewrite].Render(contents), prefillAnswer && ending.Length > 0 ? ending : null));
    }

    private List<PromptMessage> Messages(string user, string? prefill)
    {
        var messages = new List<PromptMessage>(3);
        if (SystemPrompt.Length > 0) messages.Add(new PromptMessage(PromptRole.System, SystemPrompt));
        messages.Add(new PromptMessage(PromptRole.User, user));
        if (prefill is not null) messages.Add(new PromptMessage(PromptRole.Assistant, prefill));
        return messages;
    }

    private static TeacherPrompts FromTexts(Func<TeacherTask, string> text, string name)
    {
        PromptTemplate Get(TeacherTask task) => PromptTemplate.Parse(task, text(task), $"{name} {task.ToString().ToLowerInvariant()} template");
        return new TeacherPrompts(Get(TeacherTask.Safety), Get(TeacherTask.Quality), Get(TeacherTask.Factuality), Get(TeacherTask.Rewrite), "", Get(TeacherTask.Coherence));
    }

    private static PromptTemplate BuiltIn(TeacherTask task) =>
        PromptTemplate.Parse(task, DefaultTemplates.For(task), $"default {task.ToString().ToLowerInvariant()} template");

    private static PromptTemplate Check(PromptTemplate template, TeacherTask task) =>
        template.Task == task ? template : throw new ArgumentException($"a {template.Task} template cannot serve as the {task} template");
}
