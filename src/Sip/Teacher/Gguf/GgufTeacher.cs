using Microsoft.Extensions.Logging;
using Sip.Settings;
using Sip.Teacher.Cache;
using Sip.Teacher.Chat;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Gguf;

/// <summary>
/// Builds a <see cref="ChatTeacher"/> over a local GGUF model: the chat teachers' prompts, parsers, counters and cache,
/// with <see cref="LlamaCppChatClient"/> in place of a server. Disposing the teacher unloads the model.
/// </summary>
public static class GgufTeacher
{
    /// <summary>Validates the settings, reads the template files, loads the model and opens the cache (when set).</summary>
    public static ChatTeacher Create(GgufTeacherSettings settings, ILogger? logger = null)
    {
        SettingsValidator.ThrowIfInvalid(settings, "teacher.gguf settings");
        var chatSettings = settings.ToChatSettings();
        var prompts = TeacherPrompts.Load(chatSettings.TemplateFiles(), chatSettings.SystemPrompt);
        var client = LlamaCppChatClient.Load(settings);
        try
        {
            var cache = settings.Cache.Length > 0 ? new AnswerCache(settings.Cache) : null;
            return new ChatTeacher(chatSettings, client, prompts, cache, logger);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
