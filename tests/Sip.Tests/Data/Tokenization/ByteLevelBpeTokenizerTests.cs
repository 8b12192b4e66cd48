using Sip.Data.Tokenization;

namespace Sip.Tests.Data.Tokenization;

public class ByteLevelBpeTokenizerTests
{
    private static readonly Lazy<ByteLevelBpeTokenizer> Trained = new(() => TestCorpus.TrainSmall());

    internal static readonly string[] SampleTexts =
    [
        "",
        "Plain ASCII, with punctuation! And numbers: 1234567890.",
        "  leading and trailing spaces  ",
        "tabs\tand\nnewlines\r\n\r\nand blank lines\n\n\n",
        "emoji 😀 skin tone 👍🏽 ZWJ family 👨‍👩‍👧‍👦 flag 🇫🇷 heart ❤️",
        "日本語のテキストと中文文本，还有한국어。",
        "combining marks: e\u0301 a\u0308 n\u0303 \u0915\u094d\u0937 Z\u0351\u0352\u0353",
        "outside the BMP: 𝐀𝐁𝐂 𝔘𝔫𝔦 a𝐀b",
        "control \u0000 \u0001 \u007f and specials \ufeff \u200b",
        "<|bos|> and <|eos|> and <|pad|> written in a document",
        new string('a', 500) + " " + new string(' ', 100) + "x",
    ];

    public static TheoryData<string> Texts()
    {
        var data = new TheoryData<string>();
        foreach (var text in SampleTexts) data.Add(text);
        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Decode_OfEncode_GivesTheTextBack(string text)
    {
        var tokenizer = Trained.Value;

        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    // Cases built in code: xUnit's test-case serialization would mangle lone surrogates in [InlineData].
    private static readonly (string Text, string Expected)[] LoneSurrogates =
    [
        ("a\uD800b", "a\uFFFDb"),
        ("a\uDC00b", "a\uFFFDb"),
        ("\uDC00\uD800", "\uFFFD\uFFFD"),
        ("end\uD83D", "end\uFFFD"),
        ("pair 😀 then lone \uD83D!", "pair 😀 then lone \uFFFD!"),
    ];

    [Fact]
    public void Encode_LoneSurrogate_IsTheReplacementCharacter()
    {
        var tokenizer = Trained.Value;
        foreach (var (text, expected) in LoneSurrogates)
        {
            var ids = tokenizer.Encode(text);

            Assert.Equal(tokenizer.Encode(expected), ids);
            Assert.Equal(expected, tokenizer.Decode(ids));
        }
    }

    [Fact]
    public void Encode_SpecialTokenText_IsOrdinaryBytesNotASpecialId()
    {
        var tokenizer = Trained.Value;
        var specials = new[] { tokenizer.BosId, tokenizer.EosId, tokenizer.PadId };

        var ids = tokenizer.Encode("before<|eos|>after<|bos|><|pad|>");

        Assert.DoesNotContain(ids, specials.Contains);
        Assert.Equal("before<|eos|>after<|bos|><|pad|>", tokenizer.Decode(ids));
    }

    [Fact]
    public void Decode_DropsSpecialTokensUnlessAsked()
    {
        var tokenizer = Trained.Value;
        int[] ids = [tokenizer.BosId, .. tokenizer.Encode("kalo mi"), tokenizer.EosId, tokenizer.PadId];

        Assert.Equal("kalo mi", tokenizer.Decode(ids));
        Assert.Equal("<|bos|>kalo mi<|eos|><|pad|>", tokenizer.Decode(ids, includeSpecial: true));
    }

    [Fact]
    public void Decode_CharacterCutBetweenIds_IsReplacementUntilComplete()
    {
        var tokenizer = Trained.Value;
        // U+20AC (€) is three UTF-8 bytes; the small vocabulary has no merge for them.
        var ids = tokenizer.Encode("€");
        Assert.Equal(3, ids.Length);

        Assert.Equal("\uFFFD", tokenizer.Decode(ids.AsSpan(0, 2)));
        Assert.Equal("€", tokenizer.Decode(ids));
    }

    [Fact]
    public void Decode_IdOutsideTheVocabulary_Throws()
    {
        var tokenizer = Trained.Value;

        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([tokenizer.VocabSize]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([-1]));
    }

    [Fact]
    public void Encode_ManyThreadsAtOnce_AgreeWithOneThread()
    {
        var documents = TestCorpus.Documents(400, seed: 11);
        var tokenizer = TestCorpus.TrainSmall();
        var expected = documents.Select(TestCorpus.TrainSmall().Encode).ToArray();

        var actual = new int[documents.Count][];
        Parallel.For(0, documents.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = tokenizer.Encode(documents[i]));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Encode_SecondCallFromCache_EqualsFirst()
    {
        var tokenizer = TestCorpus.TrainSmall();
        var text = string.Join(" ", TestCorpus.Documents(50, seed: 5));

        var first = tokenizer.Encode(text);
        var second = tokenizer.Encode(text);

        Assert.Equal(first, second);
        Assert.True(first.Length < System.Text.Encoding.UTF8.GetByteCount(text) / 2, "the trained merges should compress the text it resembles");
    }
}
