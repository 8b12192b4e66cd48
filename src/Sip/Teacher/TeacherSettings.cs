using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Sip.Teacher.Chat;
using Sip.Teacher.Gguf;
using Sip.Teacher.Local;
using Sip.World.Oracle;

namespace Sip.Teacher;

/// <summary>Which post-trained model judges and rewrites.</summary>
public enum TeacherKind
{
    /// <summary>TinyWorld's oracle: knows the truth of a generated world (the embedded default).</summary>
    TinyWorld,

    /// <summary>An LLM behind an OpenAI-compatible chat-completions server (vLLM, SGLang, llama.cpp, Ollama, a hosted API, or <c>sip teacher serve</c>).</summary>
    Chat,

    /// <summary>An LLM in a local GGUF file, run in this process by llama.cpp (through LLamaSharp).</summary>
    Gguf,

    /// <summary>A sip checkpoint post-trained as a teacher (<c>sip teacher train</c>), run in this process through the chat path.</summary>
    Model,
}

/// <summary>The teacher of a run or an evaluation: its kind and that kind's settings.</summary>
public sealed record TeacherSettings : Sip.Settings.ISettingsValidation
{
    [Description("tinyWorld: the oracle of a generated world; chat: an LLM on an OpenAI-compatible server (set teacher.chat.*); gguf: a local GGUF model run in-process by llama.cpp (set teacher.gguf.*); model: a sip checkpoint post-trained by sip teacher train, run in-process (set teacher.model.checkpoint).")]
    public TeacherKind Kind { get; init; } = TeacherKind.TinyWorld;

    [Description("TinyWorld folder (written by `sip world generate`) whose truth the oracle knows.")]
    public string World { get; init; } = "";

    public OracleJudgeSettings Oracle { get; init; } = new();

    /// <summary>
    /// The chat teacher's settings; null until one of them is given (a <see cref="ChatTeacherSettings"/> needs a model,
    /// so an empty group would fail validation for every run that does not use it).
    /// </summary>
    [Description("A TinyWorld folder whose oracle audits the judge: it answers every request too, only to count how often the judge agrees with the truth (judge/audit_agreed of judge/audit_compared); training uses the judge's answers alone. Empty: no audit.")]
    public string AuditWorld { get; init; } = "";

    [Description("The server, model and transport of a chat teacher (kind chat).")]
    public ChatTeacherSettings? Chat { get; init; }

    /// <summary>The GGUF teacher's settings; null until one of them is given (they need a model file).</summary>
    [Description("The model file, chat template and sampling of an in-process GGUF teacher (kind gguf).")]
    public GgufTeacherSettings? Gguf { get; init; }

    /// <summary>The model teacher's settings; null until one of them is given (they need a checkpoint).</summary>
    [Description("The checkpoint, templates, sampling and batching of an in-process sip teacher (kind model).")]
    public ModelTeacherSettings? Model { get; init; }

    /// <summary>Whether this teacher is configured well enough to use (settings that never judge may leave it empty).</summary>
    public IEnumerable<string> Validate()
    {
        if (World.Length > 0 && string.IsNullOrWhiteSpace(World)) yield return "world: must name a folder, got blanks";
    }

    /// <summary>The problem with using this teacher, for settings that need one; none when it is usable.</summary>
    public IEnumerable<string> ProblemsWhenNeeded()
    {
        if (Kind == TeacherKind.TinyWorld && string.IsNullOrWhiteSpace(World)) yield return "teacher: world must name the TinyWorld folder whose oracle judges and rewrites";
        if (Kind == TeacherKind.Chat && Chat is null) yield return "teacher: a chat teacher needs teacher.chat.model and teacher.chat.baseUrl (the OpenAI-compatible server)";
        if (Kind == TeacherKind.Gguf && Gguf is null) yield return "teacher: a gguf teacher needs teacher.gguf.model (the GGUF file) and teacher.gguf.chatTemplate";
        if (Kind == TeacherKind.Model && Model is null) yield return "teacher: a model teacher needs teacher.model.checkpoint (a folder written by sip teacher train)";
    }
}

/// <summary>
/// A teacher built from <see cref="TeacherSettings"/>: its judge and rewriter, and for a chat teacher the
/// <see cref="ChatTeacher"/> behind them (a GGUF teacher is a chat teacher over an in-process client) (its counters, its cache), which disposing releases.
/// </summary>
public sealed class TeacherHandle(IJudge judge, IRewriter rewriter, ChatTeacher? chat = null, IDisposable? owned = null) : IDisposable
{
    public IJudge Judge { get; } = judge;
    public IRewriter Rewriter { get; } = rewriter;

    /// <summary>The chat teacher, for a teacher of kind chat, gguf or model; null otherwise.</summary>
    public ChatTeacher? Chat { get; } = chat;

    /// <summary>So callers can write <c>var (judge, rewriter) = TeacherFactory.Create(settings);</c>.</summary>
    /// <summary>The same teacher with its judge wrapped (an audit); the new handle owns what this one owned, so dispose only it.</summary>
    public TeacherHandle WithJudge(IJudge wrapped) => new(wrapped, Rewriter, Chat, owned);

    public void Deconstruct(out IJudge judge, out IRewriter rewriter) => (judge, rewriter) = (Judge, Rewriter);

    public void Dispose()
    {
        Chat?.Dispose();
        owned?.Dispose();
    }
}

/// <summary>Builds the judge and rewriter a <see cref="TeacherSettings"/> describes.</summary>
public static class TeacherFactory
{
    /// <summary>
    /// The teacher's judge and rewriter; a teacher that is not configured (no world folder, no chat settings) is refused
    /// with the setting to fix. A chat teacher reads its API key from the variable its settings name (via <paramref name="environment"/>, default the process environment).
    /// </summary>
    public static TeacherHandle Create(TeacherSettings settings, ILogger? logger = null, Func<string, string?>? environment = null)
    {
        var handle = CreateUnaudited(settings, logger, environment);
        if (string.IsNullOrWhiteSpace(settings.AuditWorld)) return handle;
        var audited = new AuditedJudge(handle.Judge, TinyWorldTeacher.Load(settings.AuditWorld).Judge);
        return handle.WithJudge(audited);
    }

    private static TeacherHandle CreateUnaudited(TeacherSettings settings, ILogger? logger, Func<string, string?>? environment)
    {
        if (settings.ProblemsWhenNeeded().FirstOrDefault() is { } problem)
            throw new SipInputException(settings.Kind switch { TeacherKind.Chat => "teacher.chat", TeacherKind.Gguf => "teacher.gguf", TeacherKind.Model => "teacher.model", _ => "teacher.world" }, null, problem);
        switch (settings.Kind)
        {
            case TeacherKind.TinyWorld:
            {
                var teacher = TinyWorldTeacher.Load(settings.World, settings.Oracle);
                return new TeacherHandle(teacher.Judge, teacher.Rewriter);
            }
            case TeacherKind.Chat:
            {
                var chat = ChatTeacher.Create(settings.Chat!, logger, environment);
                return new TeacherHandle(chat.Judge, chat.Rewriter, chat);
            }
            case TeacherKind.Gguf:
            {
                var gguf = GgufTeacher.Create(settings.Gguf!, logger);
                return new TeacherHandle(gguf.Judge, gguf.Rewriter, gguf);
            }
            case TeacherKind.Model:
            {
                var model = ModelTeacher.Create(settings.Model!, logger);
                return new TeacherHandle(model.Judge, model.Rewriter, model);
            }
            default:
                throw new SipInputException("teacher.kind", null, $"unknown teacher kind {settings.Kind}");
        }
    }
}
