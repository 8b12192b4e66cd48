namespace Sip.Training.Grpo;

/// <summary>The GRPO loop's own state in a checkpoint (<c>trainer.json</c>): with the policy and optimizer, all exact resume needs.</summary>
public sealed record GrpoState
{
    public long Step { get; init; }

    /// <summary>Prompts sampled so far: the position in <see cref="PromptOrder"/>.</summary>
    public long PromptsTaken { get; init; }

    /// <summary>libtorch generator state of the completion sampler, base64.</summary>
    public required string Generator { get; init; }

    /// <summary>The task trained on (<see cref="IGrpoTask.Describe"/>); a resumed run refuses another.</summary>
    public required string Task { get; init; }

    /// <summary>Prompt and completion tokens sampled so far (TRL's num_tokens).</summary>
    public long TokensSampled { get; init; }

    /// <summary>Completions the reward function could not read, over the run.</summary>
    public long Unscored { get; init; }
}
