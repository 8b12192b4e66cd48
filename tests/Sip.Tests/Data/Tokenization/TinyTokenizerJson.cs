using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Sip.Data.Tokenization;

namespace Sip.Tests.Data.Tokenization;

/// <summary>Hand-made tokenizer.json documents small enough to reason about, and temporary files for them.</summary>
internal static class TinyTokenizerJson
{
    public const int He = 256, Ll = 257, Hell = 258, SpaceW = 259, Xyz = 260, EndOfText = 261, Extra = 262;

    /// <summary>
    /// GPT-2 layout: bytes 0-255 (id = byte value), merges h+e, l+l, he+ll, Ġ+w; "xyz" in the vocab but
    /// reachable by no merge; added tokens &lt;|endoftext|&gt; (special) and &lt;extra&gt; (not special).
    /// </summary>
    public static JsonObject Gpt2Style(bool mergesAsPairs = false)
    {
        var vocab = new JsonObject();
        for (var b = 0; b < 256; b++) vocab[ByteLevelAlphabet.ToChar((byte)b).ToString()] = b;
        vocab["he"] = He;
        vocab["ll"] = Ll;
        vocab["hell"] = Hell;
        vocab["Ġw"] = SpaceW;
        vocab["xyz"] = Xyz;
        vocab["<|endoftext|>"] = EndOfText;

        (string, string)[] merges = [("h", "e"), ("l", "l"), ("he", "ll"), ("Ġ", "w")];
        var mergeArray = new JsonArray(merges.Select(m => mergesAsPairs
            ? (JsonNode)new JsonArray(m.Item1, m.Item2)
            : JsonValue.Create(m.Item1 + " " + m.Item2)).ToArray());

        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(Added(EndOfText, "<|endoftext|>", true), Added(Extra, "<extra>", false)),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = mergeArray,
            },
        };
    }

    /// <summary>Llama-3 layout on the same vocabulary: Split with Llama-3's regex, then ByteLevel without regex;
    /// &lt;|begin_of_text|&gt; and &lt;|end_of_text|&gt;; ignore_merges on.</summary>
    public static JsonObject Llama3Style(bool ignoreMerges = true)
    {
        var json = Gpt2Style();
        json["added_tokens"] = new JsonArray(Added(300, "<|begin_of_text|>", true), Added(301, "<|end_of_text|>", true), Added(302, "<|reserved_special_token_0|>", true));
        json["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "Split",
                    ["pattern"] = new JsonObject { ["Regex"] = PreTokenSplitter.Llama3Pattern },
                    ["behavior"] = "Isolated",
                    ["invert"] = false,
                },
                new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
        };
        json["model"]!["ignore_merges"] = ignoreMerges;
        json["model"]!["vocab"]!.AsObject().Remove("<|endoftext|>");
        return json;
    }

    /// <summary>A path in a fresh temporary directory, deleted with the returned handle.</summary>
    public static TempDirectory Write(JsonNode json, string fileName = "tokenizer.json") => Write(json.ToJsonString(), fileName);

    public static TempDirectory Write(string text, string fileName = "tokenizer.json")
    {
        var directory = new TempDirectory();
        File.WriteAllText(Path.Combine(directory.Path, fileName), text);
        return directory;
    }

    /// <summary>The directory of this source file: test data is read from the checkout.</summary>
    public static string SourceDirectory([CallerFilePath] string path = "") => System.IO.Path.GetDirectoryName(path)!;

    private static JsonObject Added(int id, string content, bool special) => new()
    {
        ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = special,
    };
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sip-tok-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name = "tokenizer.json") => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
