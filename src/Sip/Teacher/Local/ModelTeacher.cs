using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Sip.Settings;
using Sip.Teacher.Cache;
using Sip.Teacher.Chat;
using Sip.Teacher.Prompts;
using Sip.Training.Checkpointing;

namespace Sip.Teacher.Local;

/// <summary>
/// A teacher that is a sip checkpoint (a judge and rewriter made by <c>sip teacher train</c>), run in this process
/// through <see cref="ModelChatClient"/>, with the chat teachers' prompts, parsers, re-asks, counters and cache. A
/// post-trained teacher answers a bare verdict, so every task decodes greedily (temperature 0: one reproducible
/// answer per request) with a token limit of 64 for a verdict and 160 for a rewrite by default (a small vocabulary spends
/// 25 tokens on a factuality verdict); decoding ends at the end-of-turn marker, or at the verdict line
/// (<see cref="TeacherPromptSettings.StopAtVerdict"/>, on). The seed defaults to 0, as for a GGUF teacher.
/// </summary>
public sealed record ModelTeacherSettings : TeacherPromptSettings, ISettingsValidation
{
    public ModelTeacherSettings()
    {
        Seed = 0;
        StopAtVerdict = true;
        TimeoutSeconds = 600;
        Safety = new() { Temperature = 0, TopP = 1, MaxOutputTokens = 64 };
        Quality = new() { Temperature = 0, TopP = 1, MaxOutputTokens = 64 };
        Factuality = new() { Temperature = 0, TopP = 1, MaxOutputTokens = 64 };
        Coherence = new() { Temperature = 0, TopP = 1, MaxOutputTokens = 64 };
        Rewrite = new() { Temperature = 0, TopP = 1, MaxOutputTokens = 160 };
    }

    [Description("The teacher's checkpoint or run folder (its tokenizer must have sip's chat markers: sip teacher train writes one).")]
    public string Checkpoint { get; init; } = "";

    [Description("Built-in templates under the template files: empty uses the ones saved with the checkpoint (those it was trained on), else compact; 'default' or 'compact' picks a set.")]
    public string Templates { get; init; } = "";

    [Description("Requests decoded together at most (their prompts prefilled as one batch, their answers decoded over the KV cache).")]
    public int BatchSize { get; init; } = 32;

    [Description("Milliseconds a batch short of batchSize waits for more requests before it is decoded.")]
    public double BatchWindowMs { get; init; } = 2;

    [Description("Prefill the text a batch's prompts share (a template's instructions; for pairwise requests about one document, the document) once, not once per prompt.")]
    public bool SharePrefixes { get; init; } = true;

    /// <summary>The model as cache keys and descriptions name it: the folder, its weights' size and time, and the templates' fingerprint.</summary>
    public string ModelIdentity(TeacherPrompts prompts)
    {
        var folder = CheckpointLocator.Resolve(Checkpoint);
        var weights = new FileInfo(Path.Combine(folder, PolicyCheckpoint.WeightsFile));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"sip:{Path.GetFullPath(folder)} size={(weights.Exists ? weights.Length : 0)} written={(weights.Exists ? weights.LastWriteTimeUtc.Ticks : 0)} templates={prompts.Fingerprint(Enum.GetValues<TeacherTask>())}");
    }

    /// <summary>The prompts: the built-in set (saved, compact or default), each task's template file replacing its template.</summary>
    public TeacherPrompts Prompts()
    {
        var folder = CheckpointLocator.Resolve(Checkpoint);
        var builtIn = Templates switch
        {
            "default" => TeacherPrompts.Default,
            "compact" => TeacherPrompts.Compact,
            _ => TeacherPrompts.HasSaved(folder) ? TeacherPrompts.LoadSaved(folder) : TeacherPrompts.Compact,
        };
        return builtIn.With(TemplateFiles(), SystemPrompt.Length > 0 ? SystemPrompt : null);
    }

    /// <summary>
    /// These settings with every template file pointing at the checkpoint's saved templates (<c>templates/</c>): what a
    /// client of the served checkpoint (<c>sip teacher serve --checkpoint</c>, or its GGUF export) must send to ask it
    /// as it was trained.
    /// </summary>
    public ModelTeacherSettings WithSavedTemplateFiles()
    {
        string templates = Path.Combine(CheckpointLocator.Resolve(Checkpoint), TeacherPrompts.FolderName);
        return this with
        {
            SafetyTemplate = TeacherPrompts.FileOf(templates, TeacherTask.Safety),
            QualityTemplate = TeacherPrompts.FileOf(templates, TeacherTask.Quality),
            FactualityTemplate = TeacherPrompts.FileOf(templates, TeacherTask.Factuality),
            CoherenceTemplate = TeacherPrompts.FileOf(templates, TeacherTask.Coherence),
            RewriteTemplate = TeacherPrompts.FileOf(templates, TeacherTask.Rewrite),
        };
    }

    /// <summary>The same teacher as chat settings, for <see cref="ChatTeacher"/>: enough calls in flight to fill two batches, no retries (a local failure would only fail again).</summary>
    public ChatTeacherSettings ToChatSettings(TeacherPrompts prompts) => new(this)
    {
        Model = ModelIdentity(prompts),
        MaxTokensField = MaxTokensField.MaxCompletionTokens,
        Concurrency = 2 * BatchSize,
        Retries = 0,
        MaxOutageSeconds = 0,
    };

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint)) yield return "checkpoint: must name the teacher's checkpoint";
        if (Templates is not ("" or "default" or "compact")) yield return $"templates: must be empty (saved), 'default' or 'compact', got '{Templates}'";
        if (BatchSize < 1) yield return $"batchSize: must be positive, got {BatchSize}";
        if (!(BatchWindowMs >= 0)) yield return $"batchWindowMs: must be 0 or more, got {BatchWindowMs}";
        foreach (var problem in ValidatePrompts()) yield return problem;
    }
}

/// <summary>Builds a <see cref="ChatTeacher"/> over a sip checkpoint in this process. Disposing the teacher unloads the model.</summary>
public static class ModelTeacher
{
    /// <summary>Validates the settings, reads the templates, loads the model and opens the cache (when set).</summary>
    public static ChatTeacher Create(ModelTeacherSettings settings, ILogger? logger = null)
    {
        SettingsValidator.ThrowIfInvalid(settings, "teacher.model settings");
        var prompts = settings.Prompts();
        var client = ModelChatClient.Load(settings.Checkpoint, settings.BatchSize, TimeSpan.FromMilliseconds(settings.BatchWindowMs), settings.SharePrefixes);
        try
        {
            var cache = settings.Cache.Length > 0 ? new AnswerCache(settings.Cache) : null;
            return new ChatTeacher(settings.ToChatSettings(prompts), client, prompts, cache, logger);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
