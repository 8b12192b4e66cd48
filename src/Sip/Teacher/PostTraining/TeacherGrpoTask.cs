using Sip.Teacher.Prompts;
using Sip.Training.Grpo;

namespace Sip.Teacher.PostTraining;

/// <summary>
/// GRPO on teacher data: every example is a prompt, asked as the teacher will be asked (<see cref="TeacherEncoding"/>),
/// and each completion earns the verifiable reward of its task (<see cref="TeacherRewards"/>). The rewriter's reward
/// asks a reward judge (the oracle by default) for a step's verdicts all at once. Rewarding quality in both orders,
/// a pair's two orders are sampled together and a verdict earns 1 only when it and the verdict of the same completion
/// index on the swapped order are both right: position consistency is rewarded, not only accuracy.
/// </summary>
public sealed class TeacherGrpoTask : IGrpoTask
{
    private readonly TeacherEncoding _encoding;
    private readonly IJudge? _rewardJudge;
    private readonly bool _bothOrders;
    private readonly Dictionary<string, TeacherExample> _byId;
    private readonly Dictionary<string, string> _partner = new(StringComparer.Ordinal);

    /// <param name="examples">the train split</param>
    /// <param name="encoding">how the teacher is asked</param>
    /// <param name="rewardJudge">the judge whose verdicts reward a rewrite of an unsafe or false suffix</param>
    /// <param name="dataName">the data, for <see cref="Describe"/></param>
    /// <param name="bothOrders">reward a quality verdict only when it is right in both orders</param>
    public TeacherGrpoTask(IReadOnlyList<TeacherExample> examples, TeacherEncoding encoding, IJudge? rewardJudge, string dataName, bool bothOrders = false)
    {
        _encoding = encoding;
        _rewardJudge = rewardJudge;
        _bothOrders = bothOrders;
        _byId = examples.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var arranged = bothOrders ? PairsTogether(examples, _partner) : examples;
        Prompts = arranged.Select(e => new GrpoPrompt(e.Id, encoding.Prompt(e))).ToList();
        Describe = $"teacher tasks on {dataName} ({Prompts.Count} examples; templates {encoding.Prompts.Fingerprint(Enum.GetValues<TeacherTask>())})"
            + (bothOrders ? "; quality rewarded in both orders" : "")
            + (rewardJudge is null ? "" : $"; rewrites judged by {rewardJudge.Describe}");
    }

    public string Name => "teacher";

    public string Describe { get; }

    public IReadOnlyList<GrpoPrompt> Prompts { get; }

    public int? StopToken => _encoding.EndOfTurn;

    public int PromptBlock => _bothOrders ? 2 : 1;

    /// <summary>Per completion, the example it answered.</summary>
    public TeacherExample ExampleOf(GrpoCompletion completion) => _byId[completion.Prompt.Id];

    /// <summary>
    /// The examples in blocks of two: each quality pair's two orders side by side, then the other examples; when their
    /// count is odd the last one is left out, so every block is whole.
    /// </summary>
    private static List<TeacherExample> PairsTogether(IReadOnlyList<TeacherExample> examples, Dictionary<string, string> partner)
    {
        var pairs = examples.Where(e => e.Task == TeacherTask.Quality && e.Pair is not null).GroupBy(e => e.Pair!, StringComparer.Ordinal)
            .Where(g => g.Count() == 2).Select(g => g.ToArray()).ToList();
        foreach (var pair in pairs)
        {
            partner[pair[0].Id] = pair[1].Id;
            partner[pair[1].Id] = pair[0].Id;
        }
        var arranged = pairs.SelectMany(p => p).Concat(examples.Where(e => !partner.ContainsKey(e.Id))).ToList();
        if (arranged.Count % 2 == 1) arranged.RemoveAt(arranged.Count - 1);
        return arranged;
    }

    public IReadOnlyList<CompletionReward> Score(IReadOnlyList<GrpoCompletion> completions)
    {
        var rewards = new CompletionReward[completions.Count];
        var rewrites = new List<(int Index, TeacherExample Example, string Text)>();
        for (int i = 0; i < completions.Count; i++)
        {
            var example = ExampleOf(completions[i]);
            if (example.Task != TeacherTask.Rewrite) { rewards[i] = TeacherRewards.Judge(example, completions[i].Text); continue; }
            var text = TeacherRewards.RewriteOf(example, completions[i].Text);
            if (text is null || example.Label == TeacherLabels.Clean) { rewards[i] = TeacherRewards.Rewrite(example, text, null); continue; }
            rewrites.Add((i, example, text));
        }
        if (_bothOrders) RewardBothOrders(completions, rewards);
        if (rewrites.Count == 0) return rewards;
        if (_rewardJudge is null) throw new InvalidOperationException("rewrite examples of unsafe or false suffixes need a judge for their reward (teacher.rewardJudge)");

        var requests = rewrites.Select(r => TeacherRewards.RequestsFor(r.Example, r.Text)).ToList();
        var judgments = _rewardJudge.JudgeAsync(requests.SelectMany(r => r).ToList()).GetAwaiter().GetResult();
        int at = 0;
        foreach (var (index, example, text) in rewrites)
        {
            double? win = judgments[at++].Mean, second = judgments[at++].Mean;
            var verdicts = example.Label == TeacherLabels.Unsafe ? new TeacherRewards.RewriteVerdicts(win, second, null) : new(win, null, second);
            rewards[index] = TeacherRewards.Rewrite(example, text, verdicts);
        }
        return rewards;
    }

    /// <summary>The k-th completion of a pair's one order is judged with the k-th of the other: both right earns 1.</summary>
    private void RewardBothOrders(IReadOnlyList<GrpoCompletion> completions, CompletionReward[] rewards)
    {
        var byPrompt = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < completions.Count; i++)
        {
            if (!byPrompt.TryGetValue(completions[i].Prompt.Id, out var list)) byPrompt[completions[i].Prompt.Id] = list = [];
            list.Add(i);
        }
        var alone = (CompletionReward[])rewards.Clone();
        foreach (var (id, own) in byPrompt)
        {
            if (!_partner.TryGetValue(id, out var partnerId) || !byPrompt.TryGetValue(partnerId, out var other)) continue;
            for (int k = 0; k < own.Count; k++)
            {
                var mine = alone[own[k]];
                if (mine.Unscored || k >= other.Count) continue;
                rewards[own[k]] = new(mine.Value == 1 && alone[other[k]].Value == 1 ? 1 : 0);
            }
        }
    }
}
