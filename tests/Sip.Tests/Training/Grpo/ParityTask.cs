using Sip.Training.Grpo;

namespace Sip.Tests.Training.Grpo;

/// <summary>
/// A toy task with a verifiable reward: answer a one-token prompt with a token of the same parity. Chance is ½;
/// a policy that has learnt it scores 1. <see cref="Flipped"/> rewards the opposite, which negates every advantage and
/// so the gradient: GRPO must then learn to fail.
/// </summary>
internal sealed class ParityTask(int bos, int firstToken, int prompts, bool flipped = false, int? stopToken = null) : IGrpoTask
{
    public string Name => "parity";
    public string Describe => flipped ? "parity (flipped)" : "parity";
    public bool Flipped => flipped;
    public int? StopToken => stopToken;

    public IReadOnlyList<GrpoPrompt> Prompts { get; } =
        Enumerable.Range(firstToken, prompts).Select(t => new GrpoPrompt($"p{t}", [bos, t])).ToList();

    public static bool Correct(GrpoCompletion c) => c.Tokens.Length > 0 && c.Tokens[0] % 2 == c.Prompt.Tokens[^1] % 2;

    public IReadOnlyList<CompletionReward> Score(IReadOnlyList<GrpoCompletion> completions) =>
        completions.Select(c => new CompletionReward(Correct(c) != flipped ? 1 : 0)).ToList();
}
