using Microsoft.ML.Tokenizers;
using Sip.Data.Tokenization;

namespace Sip.Tests.Data.Tokenization;

public class Gpt2TokenizerTests
{
    private static Gpt2Tokenizer Tokenizer => Gpt2Tokenizer.Instance;

    [Theory]
    [InlineData("Hello world", new[] { 15496, 995 })]
    [InlineData(" the", new[] { 262 })]
    [InlineData("Hello, world!", new[] { 15496, 11, 995, 0 })]
    public void Encode_KnownText_GivesGpt2Ids(string text, int[] expected)
    {
        Assert.Equal(expected, Tokenizer.Encode(text));
    }

    [Fact]
    public void EndOfText_IsBosEosAndPad_AndTheLastId()
    {
        Assert.Equal(50257, Tokenizer.VocabSize);
        Assert.Equal((50256, 50256, 50256), (Tokenizer.BosId, Tokenizer.EosId, Tokenizer.PadId));
    }

    [Fact]
    public void Encode_EndOfTextWrittenInText_IsOrdinaryBytes()
    {
        var ids = Tokenizer.Encode("a<|endoftext|>b");

        Assert.DoesNotContain(Gpt2Tokenizer.EndOfTextId, ids);
        Assert.Equal("a<|endoftext|>b", Tokenizer.Decode(ids));
    }

    [Fact]
    public void Decode_DropsEndOfTextUnlessAsked()
    {
        int[] ids = [15496, Gpt2Tokenizer.EndOfTextId, 995];

        Assert.Equal("Hello world", Tokenizer.Decode(ids));
        Assert.Equal("Hello<|endoftext|> world", Tokenizer.Decode(ids, includeSpecial: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([50257]));
    }

    [Theory]
    [MemberData(nameof(ByteLevelBpeTokenizerTests.Texts), MemberType = typeof(ByteLevelBpeTokenizerTests))]
    public void Decode_OfEncode_GivesTheTextBack(string text)
    {
        Assert.Equal(text, Tokenizer.Decode(Tokenizer.Encode(text)));
    }

    [Fact]
    public void Encode_LoneSurrogate_IsTheReplacementCharacter()
    {
        var ids = Tokenizer.Encode("a\uD800b");

        Assert.Equal(Tokenizer.Encode("a\uFFFDb"), ids);
        Assert.Equal("a\uFFFDb", Tokenizer.Decode(ids));
    }

    [Fact]
    public void Encode_OrdinaryText_MatchesTheLibrarysOwnGpt2()
    {
        // Guards the pre-tokenizer pattern sip supplies against the one inside Microsoft.ML.Tokenizers.
        var reference = TiktokenTokenizer.CreateForModel("gpt2");
        foreach (var text in TestCorpus.Documents(100, seed: 2).Concat(ByteLevelBpeTokenizerTests.SampleTexts.Where(t => !t.Contains("<|"))))
        {
            Assert.Equal(reference.EncodeToIds(text), Tokenizer.Encode(text));
        }
    }
}
