using Sip.Data;
using Sip.Evaluation;
using Sip.Tests.Model;
using static TorchSharp.torch;

namespace Sip.Tests.Evaluation;

public class PerplexityTests
{
    [Fact]
    public void AModelThatPredictsUniformly_HasThePerplexityOfTheVocabularySize()
    {
        using var model = TinyModels.Create();
        using (no_grad()) model.lm_head!.weight!.zero_(); // every logit 0: a uniform distribution
        var tokenizer = new FixedIdsTokenizer(model.Config.VocabSize);
        var samples = new[] { Sample.Of("a", 1, [5, 6, 7], [8, 9], "", ""), Sample.Of("b", 1, [10], [11, 12, 13, 14], "", "") };

        double nll = Perplexity.MeanNll(model, samples, tokenizer, suffixOnly: true, batchSize: 1);

        Assert.Equal(Math.Log(model.Config.VocabSize), nll, 5);
    }

    private sealed class FixedIdsTokenizer(int vocab) : ITokenizer
    {
        public int VocabSize => vocab;
        public int BosId => 1;
        public int EosId => 2;
        public int PadId => 0;
        public int[] Encode(string text) => throw new NotSupportedException();
        public string Decode(ReadOnlySpan<int> ids, bool includeSpecial = false) => "";
    }
}
