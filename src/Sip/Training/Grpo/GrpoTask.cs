namespace Sip.Training.Grpo;

/// <summary>
/// A prompt the policy completes G times. <see cref="Tokens"/> is everything the policy reads, BOS first; <see cref="Id"/>
/// is a stable name, for sample logs and for the task to look up what it scores the prompt against.
/// </summary>
public sealed record GrpoPrompt(string Id, int[] Tokens);

/// <summary>One sampled completion of a prompt. <see cref="Truncated"/>: it hit the token limit before its stop token.</summary>
public sealed record GrpoCompletion(GrpoPrompt Prompt, int[] Tokens, string Text, bool Truncated);

/// <summary>
/// A completion's verifiable reward. <see cref="Unscored"/> marks a completion the reward function could not read (an
/// unparseable verdict): it still gets <see cref="Value"/> (0 for the teacher tasks), and it is counted, never hidden.
/// </summary>
public readonly record struct CompletionReward(double Value, bool Unscored = false);

/// <summary>
/// What GRPO trains on: prompts and the reward function that scores their completions. Scoring takes a whole
/// step's completions at once, so a reward that asks a judge can batch its requests.
/// </summary>
public interface IGrpoTask
{
    /// <summary>The reward's name in metrics (<c>rewards/{name}/mean</c>, as TRL names a reward function's).</summary>
    string Name { get; }

    /// <summary>What this task is, for the checkpoint: a resumed run refuses another task.</summary>
    string Describe { get; }

    IReadOnlyList<GrpoPrompt> Prompts { get; }

    /// <summary>The token that ends a completion (EOS, or a chat template's end of turn); null ends none early.</summary>
    int? StopToken { get; }

    /// <summary>
    /// Adjacent prompts that are sampled together, in the same batch and in order: a reward that scores one prompt's
    /// completions against another's (a quality pair's two orders) needs both. Prompts and prompts per step must be
    /// multiples of it. 1: prompts are shuffled one by one.
    /// </summary>
    int PromptBlock => 1;

    /// <summary>One reward per completion, in order.</summary>
    IReadOnlyList<CompletionReward> Score(IReadOnlyList<GrpoCompletion> completions);
}
