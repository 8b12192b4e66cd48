using Sip.Model.Generation;
using static TorchSharp.torch;

namespace Sip.Training.Grpo;

/// <summary>
/// One sampled batch: P prompts × G completions, their rewards and advantages, laid out in chunks of whole groups for
/// the update. It lives for μ optimizer steps; from the second on, each chunk's log-probabilities at sampling time
/// (πold) and the reference's are kept so the update can clip its ratio.
/// </summary>
public sealed class GrpoBatch : IDisposable
{
    private GrpoBatch(IReadOnlyList<GrpoCompletion> completions, IReadOnlyList<CompletionReward> rewards, double[] advantages, int group, IReadOnlyList<Chunk> chunks)
    {
        Completions = completions;
        Rewards = rewards;
        Advantages = advantages;
        Group = group;
        Chunks = chunks;
    }

    /// <summary>Prompt-major: prompt p's completion g at p·G + g.</summary>
    public IReadOnlyList<GrpoCompletion> Completions { get; }
    public IReadOnlyList<CompletionReward> Rewards { get; }
    public double[] Advantages { get; }
    public int Group { get; }
    public IReadOnlyList<Chunk> Chunks { get; }

    /// <summary>Whole groups of the batch, as one forward/backward pass sees them.</summary>
    public sealed class Chunk(int firstCompletion, IReadOnlyList<ContinuationGroup> groups) : IDisposable
    {
        public int FirstCompletion { get; } = firstCompletion;
        public IReadOnlyList<ContinuationGroup> Groups { get; } = groups;

        /// <summary>log πold at sampling time, [rows, T]; null until a second update needs it.</summary>
        public Tensor? Old { get; set; }

        /// <summary>log πref, [rows, T]; kept across the batch's updates when β > 0 and μ > 1.</summary>
        public Tensor? Reference { get; set; }

        public void Dispose()
        {
            Old?.Dispose();
            Reference?.Dispose();
        }
    }

    /// <summary>Groups the sampled continuations (prompt-major, as <see cref="TextGenerator.Generate"/> returns them) with their rewards.</summary>
    public static GrpoBatch Build(IReadOnlyList<GrpoPrompt> prompts, IReadOnlyList<GrpoCompletion> completions, IReadOnlyList<CompletionReward> rewards,
        int group, GrpoVariant variant, int microBatch)
    {
        if (completions.Count != prompts.Count * group) throw new ArgumentException($"{completions.Count} completions for {prompts.Count} prompts × {group}");
        if (rewards.Count != completions.Count) throw new ArgumentException($"the reward function gave {rewards.Count} rewards for {completions.Count} completions");
        var advantages = GroupAdvantages.Compute(rewards.Select(r => r.Value).ToArray(), group, variant);
        int groupsPerChunk = Math.Max(1, microBatch / group);
        var chunks = new List<Chunk>();
        for (int first = 0; first < prompts.Count; first += groupsPerChunk)
        {
            var groups = new List<ContinuationGroup>();
            for (int p = first; p < Math.Min(prompts.Count, first + groupsPerChunk); p++)
                groups.Add(new ContinuationGroup(prompts[p].Tokens, Enumerable.Range(0, group).Select(g => completions[p * group + g].Tokens).ToArray()));
            chunks.Add(new Chunk(first * group, groups));
        }
        return new GrpoBatch(completions, rewards, advantages, group, chunks);
    }

    public void Dispose()
    {
        foreach (var chunk in Chunks) chunk.Dispose();
    }
}
