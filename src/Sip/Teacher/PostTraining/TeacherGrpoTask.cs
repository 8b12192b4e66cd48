using Sip.Teacher.Prompts;
using Sip.Training.Grpo;

namespace Sip.Teacher.PostTraining;

/// <summary>
/// GRPO on teacher data: every example is a prompt, asked as the teacher will be asked (<see cref="TeacherEncoding"/>),
/// and each completion earns the verifiable reward of its task (<see cref="TeacherRewards"/>). The rewriter's reward
/// asks <paramref name="rewardJudge"/> (the oracle by default) for a step's verdicts all at once.
/// </summary>
public sealed class TeacherGrpoTask(IReadOnlyList<TeacherExample> examples, TeacherEncoding encoding, IJudge? rewardJudge, string dataName) : IGrpoTask
{
    private readonly Dictionary<string, TeacherExample> _byId = examples.ToDictionary(e => e.Id, StringComparer.Ordinal);

    public string Name => "teacher";

    public string Describe => $"teacher tasks on {dataName} ({examples.Count} examples; templates {encoding.Prompts.Fingerprint(Enum.GetValues<TeacherTask>())})"
        + (rewardJudge is null ? "" : $"; rewrites judged by {rewardJudge.Describe}");

    public IReadOnlyList<GrpoPrompt> Prompts { get; } = examples.Select(e => new GrpoPrompt(e.Id, encoding.Prompt(e))).ToList();

    public int? StopToken => encoding.EndOfTurn;

    /// <summary>Per completion, the example it answered.</summary>
    public TeacherExample ExampleOf(GrpoCompletion completion) => _byId[completion.Prompt.Id];

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
        if (rewrites.Count == 0) return rewards;
        if (rewardJudge is null) throw new InvalidOperationException("rewrite examples of unsafe or false suffixes need a judge for their reward (teacher.rewardJudge)");

        var requests = rewrites.Select(r => TeacherRewards.RequestsFor(r.Example, r.Text)).ToList();
        var judgments = rewardJudge.JudgeAsync(requests.SelectMany(r => r).ToList()).GetAwaiter().GetResult();
        int at = 0;
        foreach (var (index, example, text) in rewrites)
        {
            double? win = judgments[at++].Mean, second = judgments[at++].Mean;
            var verdicts = example.Label == TeacherLabels.Unsafe ? new TeacherRewards.RewriteVerdicts(win, second, null) : new(win, null, second);
            rewards[index] = TeacherRewards.Rewrite(example, text, verdicts);
        }
        return rewards;
    }
}
