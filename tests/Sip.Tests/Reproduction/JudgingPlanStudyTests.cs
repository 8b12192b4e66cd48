using System.Text.Json;
using Sip.Data;
using Sip.Reproduction;
using Sip.Training;
using Sip.Training.Rewards;
using Sip.Training.SelfImproving;
using Sip.World;

namespace Sip.Tests.Reproduction;

public sealed class JudgingPlanStudyTests : IDisposable
{
    private readonly string _world = Path.Combine(Directory.CreateTempSubdirectory("sip-plans-").FullName, "world");
    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_world)!, recursive: true);

    /// <summary>Pools of world text: each document's next sentence as the suffix, sixteen other documents' sentences as rollouts.</summary>
    private IReadOnlyList<CandidatePool> Pools(int count)
    {
        TinyWorld.Generate(new WorldSettings { Seed = 8, TrainDocuments = 80, ValDocuments = 5, EvalStandard = 5, EvalUnsafe = 5, EvalFacts = 5 }, _world);
        var texts = File.ReadLines(Path.Combine(_world, TinyWorld.TrainFile)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();
        static (string Head, string Next) Split(string text)
        {
            int cut = text.IndexOf(". ", text.Length / 3, StringComparison.Ordinal) + 1;
            int end = text.IndexOf(". ", cut + 1, StringComparison.Ordinal) + 1;
            return (text[..cut], text[cut..end]);
        }
        return Enumerable.Range(0, count).Select(i =>
        {
            var (prefix, suffix) = Split(texts[i]);
            var candidates = new List<Candidate> { new(CandidateKind.Suffix, new int[4], suffix) };
            candidates.AddRange(Enumerable.Range(1, JudgingPlanStudy.Rollouts).Select(k => new Candidate(CandidateKind.Rollout, new int[4], Split(texts[(i + k) % texts.Count]).Next) { Index = k - 1 }));
            return new CandidatePool(new Sample($"d{i}", [], [], prefix, suffix), candidates);
        }).ToList();
    }

    [Fact]
    public void EachPlanUnderEachJudge_IsCountedAgainstAllPairsOnTheSamePools()
    {
        var pools = Pools(8);
        JudgeCondition[] conditions = [new(0, 0, 1), new(0.2, 0, 5)];

        var rows = JudgingPlanStudy.Compare(pools, _world, RewardSetting.QualitySafety, conditions, seed: 3, batch: 4);

        Assert.Equal(conditions.Length * JudgingPlanStudy.Plans.Length, rows.Count);
        Assert.All(rows.Where(r => r.Plan == QualityComparison.AllPairs), r =>
        {
            Assert.Equal(136 + 17, r.CallsPerPrefix);                 // C(17,2) quality pairs + 17 safety calls
            Assert.Equal(1.0, r.Agreement);                           // all pairs agrees with itself
            Assert.Equal(1.0, r.RoundsPerBatch);
            Assert.Null(r.Brackets);
        });
        Assert.All(rows.Where(r => r.Plan == QualityComparison.Pivot), r => Assert.Equal(16 + 17, r.CallsPerPrefix));
        var bracket = rows.First(r => r.Plan == QualityComparison.BestWorst);
        Assert.InRange(bracket.CallsPerPrefix, 17 + 8, 17 + 40);       // about 1.5n quality calls, not C(n,2)
        Assert.True(bracket.RoundsPerBatch > 1);
        Assert.NotNull(bracket.Brackets);
        Assert.All(rows, r => Assert.InRange(r.Accuracy ?? 0, 0, 1));

        var markdown = JudgingPlanStudy.Markdown(rows);
        Assert.Contains("## Judging plans at K = 16", markdown);
        Assert.Contains("| noise 0.2, bias 0, S=5 | BestWorst | ", markdown);
    }
}
