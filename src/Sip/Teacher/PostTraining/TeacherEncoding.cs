using Sip.Data.Tokenization;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.PostTraining;

/// <summary>
/// How a teacher model reads a request and writes its answer: the request rendered through the prompt templates
/// (<see cref="TeacherPrompts"/>), in sip's chat format (<see cref="ChatFormat"/>) up to the opening of the answer,
/// and the answer ending with the end-of-turn marker. The same encoding serves SFT, GRPO's prompts and the model
/// teacher that judges with the result, so a teacher is always asked exactly as it was trained.
/// </summary>
public sealed class TeacherEncoding
{
    public TeacherEncoding(ByteLevelBpeTokenizer tokenizer, TeacherPrompts prompts)
    {
        if (!ChatFormat.Supports(tokenizer))
            throw new ArgumentException($"the tokenizer has no chat markers ({string.Join(", ", ChatFormat.SpecialTokens)}): prepare the base first (ChatReadyBase)", nameof(tokenizer));
        Tokenizer = tokenizer;
        Prompts = prompts;
        EndOfTurn = ChatFormat.EndOfTurn(tokenizer);
    }

    public ByteLevelBpeTokenizer Tokenizer { get; }

    public TeacherPrompts Prompts { get; }

    /// <summary>The token that ends an answer.</summary>
    public int EndOfTurn { get; }

    /// <summary>The tokens of a rendered prompt, BOS first, ending with the assistant turn's opening.</summary>
    public int[] Encode(RenderedPrompt prompt) =>
        ChatFormat.EncodePrompt(Tokenizer, prompt.Messages.Select(m => new ChatTurn(m.Role.ToString().ToLowerInvariant(), m.Text)).ToList());

    public int[] Prompt(JudgeRequest request) => Encode(Prompts.Render(request));

    public int[] Prompt(RewriteRequest request) => Encode(Prompts.Render(request));

    /// <summary>The prompt of an example, as the teacher will be asked it.</summary>
    public int[] Prompt(TeacherExample example) =>
        example.Task == TeacherTask.Rewrite ? Prompt(example.RewriteRequest()) : Prompt(example.JudgeRequest());

    /// <summary>The answer an example teaches, with the end-of-turn marker.</summary>
    public int[] Answer(TeacherExample example) => [.. Tokenizer.Encode(AnswerText(example)), EndOfTurn];

    /// <summary>
    /// The answer an example teaches, as text: for a judge the bare verdict in the format the templates ask for (no
    /// reasoning: a small teacher gains nothing from imitating reasoning it was never shown), for the rewriter the
    /// prefix ending the template asks it to start with, then the target.
    /// </summary>
    public static string AnswerText(TeacherExample example) => example.Task switch
    {
        TeacherTask.Rewrite => PrefixEnding.Of(example.Prefix) + example.Target,
        var task => Verdict(task, example.Score),
    };

    /// <summary>A verdict with nothing before it, which the task's parser reads as <paramref name="score"/>.</summary>
    public static string Verdict(TeacherTask task, double score) => task switch
    {
        TeacherTask.Factuality => $"{{\"label\": \"{TeacherLabels.Of(task, score)}\"}}",
        _ => VerdictText.Write(task, score, "").TrimStart(),
    };
}
