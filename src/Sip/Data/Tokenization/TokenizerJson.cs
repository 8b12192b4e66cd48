using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sip.Data.Tokenization;

/// <summary>
/// Hugging Face tokenizer.json for byte-level BPE: reads files written by HF tooling (GPT-2, Llama-3, Qwen)
/// and writes files HF tooling reads.
/// </summary>
/// <remarks>
/// Read: model.type "BPE" with vocab and merges (either "a b" strings or ["a", "b"] pairs), added_tokens,
/// normalizer null or NFC, pre_tokenizer ByteLevel alone or after Split steps (behavior "Isolated").
/// Decoder and post_processor are not read: sip decodes bytes itself and never adds special tokens.
/// SentencePiece-style files (Llama-2, Mistral: metaspace "▁", byte_fallback) and anything else outside
/// that subset are refused with a <see cref="SipInputException"/> that says what is unsupported.
/// Write: merges as "a b" strings (byte-level spellings never hold a space, and every HF version reads
/// them), the pre-tokenizer as Split steps followed by ByteLevel without its own regex.
/// </remarks>
internal static class TokenizerJson
{
    private const string SentencePieceRefusal =
        "this is a SentencePiece-style tokenizer (metaspace '▁' / byte_fallback, as in Llama-2 and Mistral); " +
        "sip reads only byte-level BPE tokenizer.json files (GPT-2, Llama-3, Qwen style)";

    public static ByteLevelBpeTokenizer Read(string path, SpecialTokenNames names)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SipInputException(path, null, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(path, null, $"cannot read the file: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new SipInputException(path, e.LineNumber + 1, $"not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            return new ByteLevelBpeTokenizer(Parse(document.RootElement, path), names, path);
        }
    }

    internal static BpeDefinition Parse(JsonElement root, string path)
    {
        var reader = new Reader(path);
        if (root.ValueKind != JsonValueKind.Object) throw reader.Error("the top level is not a JSON object");
        var model = reader.Required(root, "model", JsonValueKind.Object);
        var normalizer = reader.Optional(root, "normalizer");
        var preTokenizer = reader.Optional(root, "pre_tokenizer");
        var decoder = reader.Optional(root, "decoder");

        if (reader.Bool(model, "byte_fallback", false) || new[] { normalizer, preTokenizer, decoder }.Any(MentionsMetaspace))
            throw reader.Error(SentencePieceRefusal);

        var type = reader.String(model, "type", "BPE");
        if (type != "BPE") throw reader.Error($"model.type is '{type}'; sip reads only byte-level BPE models");
        foreach (var affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (reader.String(model, affix, "") != "") throw reader.Error($"model.{affix} is set; sip's byte-level BPE does not support it");
        }
        if (reader.Optional(model, "dropout") is { ValueKind: JsonValueKind.Number } dropout && dropout.GetDouble() != 0)
            throw reader.Error("model.dropout is set; sip encodes deterministically and does not support BPE dropout");

        return new BpeDefinition(
            ReadVocab(reader, reader.Required(model, "vocab", JsonValueKind.Object)),
            ReadMerges(reader, reader.Required(model, "merges", JsonValueKind.Array)),
            ReadAddedTokens(reader, root),
            ReadPreTokenizer(reader, preTokenizer),
            ReadNormalizer(reader, normalizer),
            reader.Bool(model, "ignore_merges", false));
    }

    public static void Write(ByteLevelBpeTokenizer tokenizer, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // Written beside the target and moved over it, so a crash never leaves half a tokenizer.json.
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteDocument(tokenizer, json);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static void WriteDocument(ByteLevelBpeTokenizer tokenizer, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("version", "1.0");
        json.WriteNull("truncation");
        json.WriteNull("padding");

        json.WriteStartArray("added_tokens");
        foreach (var token in tokenizer.AddedTokens)
        {
            json.WriteStartObject();
            json.WriteNumber("id", token.Id);
            json.WriteString("content", token.Content);
            json.WriteBoolean("single_word", false);
            json.WriteBoolean("lstrip", false);
            json.WriteBoolean("rstrip", false);
            json.WriteBoolean("normalized", false);
            json.WriteBoolean("special", token.Special);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        if (tokenizer.NormalizeNfc)
        {
            json.WriteStartObject("normalizer");
            json.WriteString("type", "NFC");
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("normalizer");
        }

        WritePreTokenizer(tokenizer.Splitter, json);
        json.WriteNull("post_processor");

        json.WriteStartObject("decoder");
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", true);
        json.WriteBoolean("trim_offsets", true);
        json.WriteBoolean("use_regex", true);
        json.WriteEndObject();

        json.WriteStartObject("model");
        json.WriteString("type", "BPE");
        json.WriteNull("dropout");
        json.WriteNull("unk_token");
        json.WriteNull("continuing_subword_prefix");
        json.WriteNull("end_of_word_suffix");
        json.WriteBoolean("fuse_unk", false);
        json.WriteBoolean("byte_fallback", false);
        json.WriteBoolean("ignore_merges", tokenizer.IgnoreMerges);
        json.WriteStartObject("vocab");
        foreach (var (token, id) in tokenizer.VocabEntries()) json.WriteNumber(token, id);
        json.WriteEndObject();
        json.WriteStartArray("merges");
        foreach (var (left, right) in tokenizer.Merges) json.WriteStringValue(left + " " + right);
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteEndObject();
    }

    private static void WritePreTokenizer(PreTokenSplitter preTokenizer, Utf8JsonWriter json)
    {
        json.WriteStartObject("pre_tokenizer");
        if (preTokenizer.AddPrefixSpace)
        {
            // HF adds the prefix space per piece of the previous step; only a lone ByteLevel step means "once, to the text".
            if (preTokenizer.Patterns is not [PreTokenSplitter.Gpt2Pattern])
                throw new InvalidOperationException("A prefix space can be written to tokenizer.json only with GPT-2's pattern alone.");
            WriteByteLevel(json, addPrefixSpace: true, useRegex: true);
            json.WriteEndObject();
            return;
        }

        json.WriteString("type", "Sequence");
        json.WriteStartArray("pretokenizers");
        foreach (var pattern in preTokenizer.Patterns)
        {
            json.WriteStartObject();
            json.WriteString("type", "Split");
            json.WriteStartObject("pattern");
            json.WriteString("Regex", pattern);
            json.WriteEndObject();
            json.WriteString("behavior", "Isolated");
            json.WriteBoolean("invert", false);
            json.WriteEndObject();
        }
        json.WriteStartObject();
        WriteByteLevel(json, addPrefixSpace: false, useRegex: false);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteByteLevel(Utf8JsonWriter json, bool addPrefixSpace, bool useRegex)
    {
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", addPrefixSpace);
        json.WriteBoolean("trim_offsets", true);
        json.WriteBoolean("use_regex", useRegex);
    }

    private static List<KeyValuePair<string, int>> ReadVocab(Reader reader, JsonElement vocab)
    {
        var entries = new List<KeyValuePair<string, int>>();
        foreach (var property in vocab.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var id))
                throw reader.Error($"model.vocab['{property.Name}'] is not an integer id");
            entries.Add(new(property.Name, id));
        }
        return entries;
    }

    private static List<(string Left, string Right)> ReadMerges(Reader reader, JsonElement merges)
    {
        var result = new List<(string, string)>(merges.GetArrayLength());
        var index = 0;
        foreach (var merge in merges.EnumerateArray())
        {
            index++;
            switch (merge.ValueKind)
            {
                // The older format: "left right". Byte-level spellings hold no space, so exactly one separates the two.
                case JsonValueKind.String:
                    var parts = merge.GetString()!.Split(' ');
                    if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                        throw reader.Error($"model.merges[{index - 1}] '{merge.GetString()}' is not two tokens separated by one space");
                    result.Add((parts[0], parts[1]));
                    break;
                // The newer format (tokenizers >= 0.20): ["left", "right"].
                case JsonValueKind.Array when merge.GetArrayLength() == 2
                                              && merge[0].ValueKind == JsonValueKind.String
                                              && merge[1].ValueKind == JsonValueKind.String:
                    result.Add((merge[0].GetString()!, merge[1].GetString()!));
                    break;
                default:
                    throw reader.Error($"model.merges[{index - 1}] is neither \"left right\" nor [\"left\", \"right\"]");
            }
        }
        return result;
    }

    private static List<AddedToken> ReadAddedTokens(Reader reader, JsonElement root)
    {
        var tokens = new List<AddedToken>();
        if (reader.Optional(root, "added_tokens") is not { } added) return tokens;
        if (added.ValueKind != JsonValueKind.Array) throw reader.Error("added_tokens is not an array");
        var index = 0;
        foreach (var token in added.EnumerateArray())
        {
            var where = $"added_tokens[{index++}]";
            if (token.ValueKind != JsonValueKind.Object) throw reader.Error($"{where} is not an object");
            if (!token.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.Number || !id.TryGetInt32(out var idValue))
                throw reader.Error($"{where} has no integer id");
            if (!token.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                throw reader.Error($"{where} has no string content");
            tokens.Add(new AddedToken(idValue, content.GetString()!, reader.Bool(token, "special", false)));
        }
        return tokens;
    }

    private static bool ReadNormalizer(Reader reader, JsonElement? normalizer)
    {
        if (normalizer is not { } element) return false;
        var steps = Flatten(reader, element, "normalizers", "normalizer").ToList();
        foreach (var (type, _) in steps)
        {
            if (type != "NFC") throw reader.Error($"normalizer type '{type}' is not supported (only NFC, or none)");
        }
        return steps.Count > 0;
    }

    private static PreTokenSplitter ReadPreTokenizer(Reader reader, JsonElement? preTokenizer)
    {
        const string need = "byte-level BPE needs a ByteLevel pre_tokenizer, alone or after Split steps";
        if (preTokenizer is not { } element) throw reader.Error($"pre_tokenizer is missing; {need}");
        var steps = Flatten(reader, element, "pretokenizers", "pre_tokenizer").ToList();
        if (steps.Count == 0 || steps[^1].Type != "ByteLevel") throw reader.Error($"pre_tokenizer does not end with ByteLevel; {need}");

        var patterns = new List<string>();
        foreach (var (type, step) in steps.SkipLast(1))
        {
            if (type != "Split") throw reader.Error($"pre_tokenizer type '{type}' is not supported before ByteLevel (only Split)");
            var behavior = reader.String(step, "behavior", "");
            if (behavior != "Isolated") throw reader.Error($"pre_tokenizer Split with behavior '{behavior}' is not supported (only Isolated)");
            if (reader.Bool(step, "invert", false)) throw reader.Error("pre_tokenizer Split with invert=true is not supported");
            var pattern = reader.Required(step, "pattern", JsonValueKind.Object);
            if (pattern.TryGetProperty("Regex", out var regex) && regex.ValueKind == JsonValueKind.String) patterns.Add(regex.GetString()!);
            else if (pattern.TryGetProperty("String", out var literal) && literal.ValueKind == JsonValueKind.String) patterns.Add(Regex.Escape(literal.GetString()!));
            else throw reader.Error("pre_tokenizer Split pattern has neither Regex nor String");
        }

        var byteLevel = steps[^1].Element;
        // Hugging Face's defaults for a ByteLevel that omits them: add_prefix_space and use_regex both true.
        var addPrefixSpace = reader.Bool(byteLevel, "add_prefix_space", true);
        if (reader.Bool(byteLevel, "use_regex", true)) patterns.Add(PreTokenSplitter.Gpt2Pattern);
        if (addPrefixSpace && steps.Count > 1)
            throw reader.Error("pre_tokenizer ByteLevel with add_prefix_space=true after Split steps is not supported");
        if (patterns.Count == 0) throw reader.Error("pre_tokenizer has no Split step and ByteLevel has use_regex=false: text would not be cut at all");

        try
        {
            return new PreTokenSplitter(patterns, addPrefixSpace);
        }
        catch (ArgumentException e)
        {
            throw new SipInputException(reader.Path, null, $"pre_tokenizer pattern is not a regular expression .NET accepts: {e.Message}", e);
        }
    }

    /// <summary>The steps of a component, with Sequence nesting removed, as (type, element).</summary>
    private static IEnumerable<(string Type, JsonElement Element)> Flatten(Reader reader, JsonElement element, string listName, string what)
    {
        if (element.ValueKind == JsonValueKind.Null) yield break;
        if (element.ValueKind != JsonValueKind.Object) throw reader.Error($"{what} is not an object");
        var type = reader.String(element, "type", "");
        if (type != "Sequence")
        {
            yield return (type, element);
            yield break;
        }
        foreach (var child in reader.Required(element, listName, JsonValueKind.Array).EnumerateArray())
        {
            foreach (var step in Flatten(reader, child, listName, what)) yield return step;
        }
    }

    private static bool MentionsMetaspace(JsonElement? element) => element switch
    {
        null => false,
        { ValueKind: JsonValueKind.String } e => e.GetString() is { } s && (s.Contains('▁') || s is "Metaspace" or "ByteFallback"),
        { ValueKind: JsonValueKind.Object } e => e.EnumerateObject().Any(p => MentionsMetaspace(p.Value)),
        { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Any(v => MentionsMetaspace(v)),
        _ => false,
    };

    /// <summary>Typed access to JSON members that fails with the file's name and the member's path.</summary>
    private sealed class Reader(string path)
    {
        public string Path { get; } = path;

        public SipInputException Error(string reason) => new(Path, null, reason);

        public JsonElement Required(JsonElement parent, string name, JsonValueKind kind)
        {
            if (!parent.TryGetProperty(name, out var value)) throw Error($"'{name}' is missing");
            if (value.ValueKind != kind) throw Error($"'{name}' is {value.ValueKind}, expected {kind}");
            return value;
        }

        public JsonElement? Optional(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        public bool Bool(JsonElement parent, string name, bool fallback)
        {
            if (Optional(parent, name) is not { } value) return fallback;
            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Error($"'{name}' is not true or false");
            return value.GetBoolean();
        }

        public string String(JsonElement parent, string name, string fallback)
        {
            if (Optional(parent, name) is not { } value) return fallback;
            if (value.ValueKind != JsonValueKind.String) throw Error($"'{name}' is not a string");
            return value.GetString()!;
        }
    }
}
