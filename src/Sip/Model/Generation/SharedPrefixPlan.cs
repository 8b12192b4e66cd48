namespace Sip.Model.Generation;

/// <summary>Prompts that start with the same <paramref name="SharedLength"/> tokens, which are prefilled once for all of them.</summary>
/// <param name="SharedLength">tokens every prompt of the group starts with, prefilled once; shorter than each of its
/// prompts, so every row prefills at least its own last token, whose logits start its answer</param>
/// <param name="Prompts">the group's prompts, by index</param>
public sealed record PromptGroup(int SharedLength, IReadOnlyList<int> Prompts);

/// <summary>
/// How a batch of prompts is prefilled with their common text computed once: the prompts are grouped by a token
/// prefix they share (a judge template's instructions; for pairwise requests about one document, the document too),
/// each group's prefix goes through the model once, and each prompt's remainder then attends to its group's cached
/// keys. Against prefilling every prompt whole, a group of n prompts sharing s tokens spares (n − 1)·s tokens.
/// </summary>
/// <remarks>
/// The groups are found from the prompts alone, by cost: sorted in token order, neighbours share their longest common
/// prefix; the plan starts as one group (the prefix common to the whole batch) and splits a group where its prompts
/// part ways while that lowers the work. The work is counted as the passes run it, padding included: the prefixes in
/// one pass left-padded to the longest, the remainders in another, left-padded to the longest remainder, and
/// <see cref="GroupCostTokens"/> for each group beyond the first.
/// </remarks>
public sealed class SharedPrefixPlan
{
    /// <summary>
    /// What one more group costs, in prefilled tokens: each group attends through a cache of its own, some ten more
    /// libtorch calls per layer in every pass, the remainders' and each decode step's. For the 4-layer teacher decoding
    /// some 20 steps that is a few hundred calls, about the time of prefilling a hundred tokens on the project's 2-core
    /// machine; a split must spare more than that.
    /// </summary>
    public const int GroupCostTokens = 128;

    private SharedPrefixPlan(IReadOnlyList<PromptGroup> groups, long promptTokens)
    {
        Groups = groups;
        Order = groups.SelectMany(g => g.Prompts).ToArray();
        PromptTokens = promptTokens;
        SharedTokens = groups.Sum(g => (long)(g.Prompts.Count - 1) * g.SharedLength);
    }

    /// <summary>The groups, in the order their rows decode.</summary>
    public IReadOnlyList<PromptGroup> Groups { get; }

    /// <summary>Prompt indices in decode order: row i of the batch is prompt <c>Order[i]</c>.</summary>
    public IReadOnlyList<int> Order { get; }

    /// <summary>Tokens of all prompts: what prefilling each prompt whole computes.</summary>
    public long PromptTokens { get; }

    /// <summary>Tokens spared: each group's shared prefix is prefilled once instead of once per prompt.</summary>
    public long SharedTokens { get; }

    /// <summary>Tokens the plan prefills (padding aside).</summary>
    public long PrefilledTokens => PromptTokens - SharedTokens;

    /// <summary>The plan for <paramref name="prompts"/> (each at least one token).</summary>
    public static SharedPrefixPlan For(IReadOnlyList<int[]> prompts)
    {
        if (prompts.Count == 0) throw new ArgumentException("a plan needs at least one prompt", nameof(prompts));
        if (prompts.Any(p => p.Length == 0)) throw new ArgumentException("every prompt needs at least one token (BOS)", nameof(prompts));
        var sorted = Enumerable.Range(0, prompts.Count).Order(Comparer<int>.Create((a, b) => Compare(prompts[a], prompts[b]))).ToArray();
        var common = new int[sorted.Length - 1]; // common[i]: tokens sorted[i] and sorted[i + 1] start with
        for (int i = 0; i < common.Length; i++) common[i] = CommonPrefix(prompts[sorted[i]], prompts[sorted[i + 1]]);

        var runs = new List<Run> { new(0, sorted.Length) };
        while (true)
        {
            double best = Cost(runs, sorted, common, prompts);
            List<Run>? better = null;
            for (int r = 0; r < runs.Count; r++)
            {
                if (runs[r].Count < 2) continue;
                var split = runs.Take(r).Concat(Split(runs[r], common)).Concat(runs.Skip(r + 1)).ToList();
                double cost = Cost(split, sorted, common, prompts);
                if (cost < best) (best, better) = (cost, split);
            }
            if (better is null) break;
            runs = better;
        }
        var groups = runs.Select(run => new PromptGroup(Shared(run, sorted, common, prompts), sorted.Skip(run.Start).Take(run.Count).ToArray())).ToList();
        return new SharedPrefixPlan(groups, prompts.Sum(p => (long)p.Length));
    }

    /// <summary>Whether the plan holds each of <paramref name="count"/> prompts exactly once.</summary>
    public bool Covers(int count) => Order.Count == count && Order.Order().SequenceEqual(Enumerable.Range(0, count));

    /// <summary>Prompts sorted[Start .. Start + Count).</summary>
    private readonly record struct Run(int Start, int Count);

    /// <summary>The run cut wherever its neighbours share only what the whole run shares: each part shares more.</summary>
    private static IEnumerable<Run> Split(Run run, int[] common)
    {
        int least = Enumerable.Range(run.Start, run.Count - 1).Min(i => common[i]);
        int start = run.Start;
        for (int i = run.Start; i < run.Start + run.Count - 1; i++)
        {
            if (common[i] != least) continue;
            yield return new Run(start, i + 1 - start);
            start = i + 1;
        }
        yield return new Run(start, run.Start + run.Count - start);
    }

    /// <summary>The run's shared prefix: what all its prompts start with, less at least each one's last token.</summary>
    private static int Shared(Run run, int[] sorted, int[] common, IReadOnlyList<int[]> prompts)
    {
        int shortest = Enumerable.Range(run.Start, run.Count).Min(i => prompts[sorted[i]].Length);
        int together = run.Count == 1 ? int.MaxValue : Enumerable.Range(run.Start, run.Count - 1).Min(i => common[i]);
        return Math.Min(together, shortest - 1);
    }

    /// <summary>Token slots the two passes compute, padding included, plus the groups' own cost.</summary>
    private static double Cost(IReadOnlyList<Run> runs, int[] sorted, int[] common, IReadOnlyList<int[]> prompts)
    {
        int widestPrefix = 0, widestRemainder = 0;
        foreach (var run in runs)
        {
            int shared = Shared(run, sorted, common, prompts);
            widestPrefix = Math.Max(widestPrefix, shared);
            for (int i = run.Start; i < run.Start + run.Count; i++) widestRemainder = Math.Max(widestRemainder, prompts[sorted[i]].Length - shared);
        }
        return (double)runs.Count * widestPrefix + (double)sorted.Length * widestRemainder + GroupCostTokens * (runs.Count - 1);
    }

    private static int CommonPrefix(int[] a, int[] b)
    {
        int n = Math.Min(a.Length, b.Length), i = 0;
        while (i < n && a[i] == b[i]) i++;
        return i;
    }

    private static int Compare(int[] a, int[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return a.Length.CompareTo(b.Length);
    }
}
