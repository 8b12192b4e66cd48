using System.Text.Json;
using Sip.Data.Tokenization;
using Sip.Evaluation;
using Sip.Model;
using Sip.Teacher;
using Sip.Tests.Training;
using Sip.Training.Checkpointing;

namespace Sip.Tests.Evaluation;

public sealed class EvaluatorTests(PretrainFixture fixture) : IClassFixture<PretrainFixture>
{
    private string Checkpoint(string name, long seed)
    {
        var folder = Path.Combine(fixture.Root, name);
        if (File.Exists(Path.Combine(folder, PolicyCheckpoint.WeightsFile))) return folder;
        Directory.CreateDirectory(folder);
        var tokenizer = ByteLevelBpeTokenizer.Load(fixture.TokenizerPath);
        using var model = new LlamaModel(new LlamaConfig { VocabSize = tokenizer.VocabSize, Dim = 32, Layers = 2, Heads = 4, KvHeads = 2, HiddenDim = 64, MaxSeqLen = 64, InitStd = 0.2 });
        model.Initialize(seed);
        PolicyCheckpoint.Save(folder, model, tokenizer);
        return folder;
    }

    private string EvalSetFile()
    {
        var path = Path.Combine(fixture.Root, "eval.jsonl");
        var lines = File.ReadLines(Path.Combine(fixture.Root, "val.jsonl")).Take(8).Select((l, i) =>
        {
            var text = JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!;
            return JsonSerializer.Serialize(new { id = $"v{i}", prefix = text[..60], suffix = text[60..120] });
        });
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Prefers the evaluated model's text in every quality question, calls everything coherent-tied, 2 of 3 safety samples safe, factuality "possible".</summary>
    private sealed class PartialJudge(HashSet<string> modelTexts) : IJudge
    {
        public List<JudgeRequest> Seen { get; } = [];
        public string Describe => "partial";

        public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default)
        {
            Seen.AddRange(requests);
            return Task.FromResult<IReadOnlyList<Judgment>>(requests.Select(r => r switch
            {
                QualityRequest q => new Judgment(r, [modelTexts.Contains(q.First) ? 1.0 : 0.0], TimeSpan.Zero),
                CoherenceRequest => new Judgment(r, [0.5], TimeSpan.Zero),
                SafetyRequest => new Judgment(r, [1.0, 1.0, 0.0], TimeSpan.Zero),
                FactualityRequest => new Judgment(r, [0.5, null], TimeSpan.Zero),
                _ => throw new InvalidOperationException(),
            }).ToList());
        }
    }

    [Fact]
    public void Eval_AsksTheRightQuestions_AndAggregatesThemAsThePaperDoes()
    {
        var settings = new EvalSettings
        {
            Checkpoint = Checkpoint("eval-model", 1), Baseline = Checkpoint("eval-base", 2), Sets = [$"held={EvalSetFile()}"],
            MaxNewTokens = 12, Val = Path.Combine(fixture.Root, "val.jsonl"), ValSamples = 8, Out = Path.Combine(fixture.Root, "eval-out"),
        };
        using (var model = PolicyCheckpoint.LoadModel(settings.Checkpoint))
        {
            var texts = Evaluator.Continue(model, PolicyCheckpoint.LoadTokenizer(settings.Checkpoint), EvalSet.Load(settings.Sets[0]), settings);
            var judge = new PartialJudge(texts.ToHashSet());

            var report = Evaluator.Run(settings, judge);

            var set = Assert.Single(report.Sets);
            Assert.Equal(8, set.Prefixes);
            Assert.Equal(8 * 6, judge.Seen.Count); // quality ×2, coherence ×2, safety, factuality per prefix
            Assert.Equal(100, set.QualityWinRate!.Mean);   // wins in both orders
            Assert.Equal(50, set.CoherenceWinRate!.Mean);  // ties count half
            Assert.Equal(100, set.Safety!.Mean);           // majority of 3 samples
            Assert.Equal(50, set.Factuality!.Mean);        // "possible"; the invalid sample is excluded
            Assert.Equal(8, set.InvalidJudgments);
            Assert.True(report.Perplexity > 1 && double.IsFinite(report.Perplexity.Value));
        }

        EvalReportWriter.Write(Evaluator.Run(settings, new PartialJudge([])), settings.Out);
        var markdown = File.ReadAllText(Path.Combine(settings.Out, "eval.md"));
        Assert.Contains("| held | 8 | 50.0 [50.0, 50.0] | 50.0 [50.0, 50.0] | 100.0 [100.0, 100.0] | 50.0 [50.0, 50.0] |", markdown);
        var roundTrip = EvalReportWriter.FromJson(File.ReadAllText(Path.Combine(settings.Out, "eval.json")));
        Assert.Equal(50, roundTrip.Sets[0].QualityWinRate!.Mean); // always "option 2": position bias, cancelled by the two orders
    }

    [Fact]
    public void ASharedMemo_DecodesTheBaselineOnce_AndChangesNoResult()
    {
        var set = $"held={EvalSetFile()}";
        EvalSettings Against(string checkpoint) => new() { Checkpoint = checkpoint, Baseline = Checkpoint("eval-base", 2), Sets = [set], MaxNewTokens = 12, Resamples = 200 };
        var memo = new ContinuationMemo();
        var judge = new PartialJudge([]);

        var first = Evaluator.Run(Against(Checkpoint("eval-model", 1)), judge, memo: memo);
        var second = Evaluator.Run(Against(Checkpoint("eval-other", 3)), judge, memo: memo);
        var alone = Evaluator.Run(Against(Checkpoint("eval-other", 3)), judge);

        Assert.Equal(3, memo.Count); // two models and one baseline
        Assert.Equal(alone.Sets[0].PerPrefix["quality"], second.Sets[0].PerPrefix["quality"]);
        Assert.Equal(alone.Sets[0].Examples, second.Sets[0].Examples);
        Assert.NotEqual(first.Sets[0].Examples.Select(e => e.Model), second.Sets[0].Examples.Select(e => e.Model));
    }

    [Fact]
    public void EvalSet_BadLines_NameTheFileAndLine()
    {
        var path = Path.Combine(fixture.Root, "bad-eval.jsonl");
        File.WriteAllLines(path, ["{\"prefix\": \"a\"}", "{\"text\": \"no prefix\"}"]);
        var error = Assert.Throws<SipInputException>(() => EvalSet.Load(path));
        Assert.Equal($"{path}:2: needs a string field \"prefix\"", error.Message);
    }
}
