using Sip.Data;
using Sip.Evaluation;
using Sip.Tests.Model;
using static TorchSharp.torch;

namespace Sip.Tests.Evaluation;

public sealed class ChoiceScoringTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sip-choices-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>One id per character, so texts of the same length are the same number of tokens.</summary>
    private sealed class CharTokenizer(int vocab) : ITokenizer
    {
        public int VocabSize => vocab;
        public int BosId => 1;
        public int EosId => 2;
        public int PadId => 0;
        public int[] Encode(string text) => text.Select(c => 3 + c % (vocab - 3)).ToArray();
        public string Decode(ReadOnlySpan<int> ids, bool includeSpecial = false) => "";
    }

    private static readonly ChoiceItem[] Items =
    [
        new("a", "The otter lives in", [" Ost", " Vel", " Plapu"], 2, ChoiceSet.Truthful),
        new("b", "Ana was born in the town of", [" Rim", " Dun"], 0, ChoiceSet.Cloze),
    ];

    [Fact]
    public void EachOptionsLikelihood_IsTheSumOfItsTokensLogProbabilities_FromAFullForwardPass()
    {
        using var model = TinyModels.Create();
        var tokenizer = new CharTokenizer(model.Config.VocabSize);

        var scores = ChoiceScoring.LogLikelihoods(model, tokenizer, Items, batchSize: 2);

        using var _ = no_grad();
        model.eval();
        for (int i = 0; i < Items.Length; i++)
            for (int o = 0; o < Items[i].Options.Count; o++)
            {
                int[] context = [tokenizer.BosId, .. tokenizer.Encode(Items[i].Context)];
                int[] option = tokenizer.Encode(Items[i].Options[o]);
                int[] ids = [.. context, .. option];
                var logProbs = model.forward(tensor(ids.Select(x => (long)x).ToArray()).unsqueeze(0)).log_softmax(-1)[0];
                double expected = 0;
                for (int t = 0; t < option.Length; t++) expected += logProbs[context.Length - 1 + t, option[t]].item<float>();
                Assert.Equal(expected, scores[i][o], 4);
            }
    }

    [Fact]
    public void AModelWithoutPreferences_SpreadsMc2Evenly_OverOptionsOfEqualLength()
    {
        using var model = TinyModels.Create();
        using (no_grad()) model.lm_head!.weight!.zero_(); // uniform next-token distribution
        var tokenizer = new CharTokenizer(model.Config.VocabSize);
        ChoiceItem[] items = [new("c", "x", [" aa", " bb", " cc", " dd"], 1, ChoiceSet.Truthful)];

        var result = ChoiceScoring.Score(model, tokenizer, items, batchSize: 4, resamples: 100);

        Assert.Equal(ChoiceScoring.SetName, result.Name);
        Assert.Equal(25.0, result.Scores["truthful_mc2"].Mean, 6);
        Assert.Equal(0.25, result.PerPrefix["truthful_mc2"][0]!.Value, 6);
        Assert.False(result.Scores.ContainsKey("cloze"));                 // no cloze items: no figure, not a 0
        Assert.Equal([0.0], result.PerPrefix["accuracy"].Select(v => v!.Value)); // a tie reads as the first option, not the answer
    }

    [Fact]
    public void ContextsLongerThanTheWindow_AreCutToTheirLastTokens_ForEveryItemOfABatch()
    {
        using var model = TinyModels.Create();
        var tokenizer = new CharTokenizer(model.Config.VocabSize);
        string longContext = new('x', 3 * model.Config.MaxSeqLen);
        ChoiceItem[] items = [new("l", longContext, [" a", " b"], 0, ChoiceSet.Cloze), new("m", longContext, [" a much longer option", " c"], 1, ChoiceSet.Cloze)];

        var scores = ChoiceScoring.LogLikelihoods(model, tokenizer, items, batchSize: 4);

        Assert.All(scores.SelectMany(s => s), v => Assert.True(double.IsFinite(v) && v < 0));
    }

    [Fact]
    public void ChoiceFiles_RoundTrip_AndABadLineIsNamed()
    {
        string path = Path.Combine(_dir, "choices.jsonl");
        ChoiceSet.Write(path, Items);
        Assert.Equal(Items.Select(i => (i.Id, i.Context, i.Answer, i.Kind)), ChoiceSet.Load(path).Select(i => (i.Id, i.Context, i.Answer, i.Kind)));
        Assert.Equal(Items[0].Options, ChoiceSet.Load(path)[0].Options);

        File.AppendAllText(path, "{\"context\": \"c\", \"options\": [\" a\", \" b\"], \"answer\": 2}\n");
        var error = Assert.Throws<SipInputException>(() => ChoiceSet.Load(path));
        Assert.Contains(":3", error.Message);
        Assert.Contains("answer 2", error.Message);
    }
}
