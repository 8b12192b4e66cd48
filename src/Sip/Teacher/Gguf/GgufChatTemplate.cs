using System.Text;
using LLama;
using LLama.Exceptions;
using LLama.Native;
using Sip.Data.Tokenization;

namespace Sip.Teacher.Gguf;

/// <summary>
/// Renders chat messages into the prompt text a GGUF model continues. Three kinds: the model's own template
/// (<c>tokenizer.chat_template</c>, applied by llama.cpp, which recognises the common families), a template llama.cpp
/// knows by name (chatml, llama3, ...), or <see cref="PlainTemplate"/>: role-labelled paragraphs for models without
/// one, such as the tiny models sip exports. A final assistant message is a pre-filled answer: the prompt ends inside
/// it, so the model continues it instead of starting a new turn.
/// </summary>
public sealed class GgufChatTemplate
{
    /// <summary>The setting that selects the model's own template.</summary>
    public const string ModelTemplate = "model";

    /// <summary>The setting that selects the role-labelled plain template.</summary>
    public const string PlainTemplate = "plain";

    /// <summary>llama.cpp's template name or text; null for the plain template.</summary>
    private readonly string? _llamaTemplate;

    private GgufChatTemplate(string name, string? llamaTemplate)
    {
        Name = name;
        _llamaTemplate = llamaTemplate;
    }

    /// <summary>The setting this template came from.</summary>
    public string Name { get; }

    /// <summary>The plain template (no model needed).</summary>
    public static GgufChatTemplate Plain { get; } = new(PlainTemplate, null);

    /// <summary>
    /// The template <paramref name="setting"/> selects for <paramref name="model"/>. A model without a template, or a name
    /// or template llama.cpp does not know, is refused with the setting to change, before any prompt is rendered.
    /// </summary>
    public static GgufChatTemplate Resolve(string setting, SafeLlamaModelHandle model, string modelPath)
    {
        var name = setting.Trim();
        if (name.Equals(PlainTemplate, StringComparison.OrdinalIgnoreCase)) return Plain;
        string text = name;
        if (name.Equals(ModelTemplate, StringComparison.OrdinalIgnoreCase))
        {
            text = model.GetTemplate(null, strict: false) ?? "";
            if (text.Length == 0)
                throw new SipInputException("chatTemplate", null,
                    $"{modelPath} has no tokenizer.chat_template: set chatTemplate to plain or to a llama.cpp template name (chatml, llama3, ...)");
        }
        var template = new GgufChatTemplate(name, text);
        try
        {
            template.Render([new ChatTurn("user", "x")]);
        }
        catch (MissingTemplateException)
        {
            throw new SipInputException("chatTemplate", null,
                name == ModelTemplate
                    ? $"llama.cpp does not recognise the chat template of {modelPath}: set chatTemplate to plain or to a llama.cpp template name (chatml, llama3, ...)"
                    : $"llama.cpp knows no chat template '{name}': use model, plain or a llama.cpp template name (chatml, llama3, llama2, mistral-v7, gemma, phi3, ...)");
        }
        return template;
    }

    /// <summary>
    /// The prompt text for <paramref name="turns"/>: ending with the opening of the assistant's answer, or inside the
    /// final assistant message when there is one (a pre-filled answer to continue).
    /// </summary>
    public string Render(IReadOnlyList<ChatTurn> turns)
    {
        if (turns.Count == 0) throw new ArgumentException("a prompt needs at least one message", nameof(turns));
        bool prefilled = turns[^1].Role == "assistant";
        var conversation = prefilled ? turns.Take(turns.Count - 1).ToList() : turns;
        string head = _llamaTemplate is null ? RenderPlain(conversation) : RenderWithLlamaCpp(conversation, _llamaTemplate);
        return prefilled ? head + turns[^1].Text : head;
    }

    /// <summary>Each message as "Role: text" followed by a blank line, then "Assistant: " for the answer.</summary>
    internal static string RenderPlain(IReadOnlyList<ChatTurn> turns)
    {
        var text = new StringBuilder();
        foreach (var turn in turns) text.Append(Label(turn.Role)).Append(": ").Append(turn.Text).Append("\n\n");
        return text.Append("Assistant: ").ToString();
    }

    private static string Label(string role) => role.Length == 0 ? role : char.ToUpperInvariant(role[0]) + role[1..];

    private static string RenderWithLlamaCpp(IReadOnlyList<ChatTurn> turns, string template)
    {
        var llama = new LLamaTemplate(template) { AddAssistant = true };
        foreach (var turn in turns) llama.Add(turn.Role, turn.Text);
        return LLamaTemplate.Encoding.GetString(llama.Apply());
    }
}
