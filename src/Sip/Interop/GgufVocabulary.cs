using Sip.Data.Tokenization;

namespace Sip.Interop;

/// <summary>
/// A byte-level BPE tokenizer as llama.cpp's "gpt2" tokenizer model reads it: one token string per model id (GPT-2
/// byte-level spellings), a type per token, the merges as "left right", and a pre-tokenizer name that selects
/// llama.cpp's built-in regex. Ids the tokenizer does not use (a model vocabulary larger than the tokenizer's, or gaps)
/// get unique placeholder strings of type UNUSED, because llama.cpp needs exactly one token per embedding row.
/// </summary>
public sealed record GgufVocabulary(IReadOnlyList<string> Tokens, IReadOnlyList<int> TokenTypes, IReadOnlyList<string> Merges, string PreTokenizer)
{
    /// <summary>llama.cpp's llama_token_type values.</summary>
    public const int Normal = 1, Control = 3, UserDefined = 4, Unused = 5;

    /// <summary>llama.cpp's name for Llama-3's pre-tokenizer regex, which sip's trainer uses by default.</summary>
    public const string Llama3PreTokenizer = "llama-bpe";

    /// <summary>llama.cpp's name for GPT-2's pre-tokenizer regex.</summary>
    public const string Gpt2PreTokenizer = "gpt-2";

    /// <summary>
    /// llama.cpp's pre-tokenizer name for <paramref name="splitter"/>, or null when llama.cpp has no built-in regex that
    /// is the same (it would then cut text its own way).
    /// </summary>
    public static string? PreTokenizerName(PreTokenSplitter splitter) => splitter switch
    {
        { AddPrefixSpace: false, Patterns: [PreTokenSplitter.Llama3Pattern] } => Llama3PreTokenizer,
        { AddPrefixSpace: false, Patterns: [PreTokenSplitter.Gpt2Pattern] } => Gpt2PreTokenizer,
        _ => null,
    };

    /// <param name="tokenizer">the tokenizer</param>
    /// <param name="modelVocabSize">rows of the embedding matrix; at least the tokenizer's size</param>
    public static GgufVocabulary From(ByteLevelBpeTokenizer tokenizer, int modelVocabSize)
    {
        if (modelVocabSize < tokenizer.VocabSize)
            throw new ArgumentException($"the model has {modelVocabSize} embedding rows but the tokenizer {tokenizer.VocabSize} ids", nameof(modelVocabSize));
        var added = tokenizer.AddedTokens.ToDictionary(t => t.Id);
        var special = new HashSet<int> { tokenizer.BosId, tokenizer.EosId, tokenizer.PadId };
        var tokens = new string[modelVocabSize];
        var types = new int[modelVocabSize];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int id = 0; id < tokenizer.VocabSize; id++)
        {
            if (tokenizer.Spelling(id) is not { } spelling) continue;
            tokens[id] = spelling;
            used.Add(spelling);
            types[id] = added.TryGetValue(id, out var token) ? (token.Special || special.Contains(id) ? Control : UserDefined) : Normal;
        }
        for (int id = 0; id < modelVocabSize; id++)
        {
            if (tokens[id] is not null) continue;
            var placeholder = $"[PAD{id}]";
            while (!used.Add(placeholder)) placeholder = "[" + placeholder + "]"; // a real token might be spelled "[PAD7]"
            tokens[id] = placeholder;
            types[id] = Unused;
        }
        var merges = tokenizer.Merges.Select(m => m.Left + " " + m.Right).ToArray();
        return new GgufVocabulary(tokens, types, merges, PreTokenizerName(tokenizer.Splitter) ?? "default");
    }
}
