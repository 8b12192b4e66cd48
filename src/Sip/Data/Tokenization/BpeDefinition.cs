namespace Sip.Data.Tokenization;

/// <summary>
/// Everything a byte-level BPE tokenizer is made of, as a tokenizer.json spells it: what the trainer
/// produces and the file reader parses, before <see cref="ByteLevelBpeTokenizer"/> checks and indexes it.
/// </summary>
/// <param name="Vocab">Token spelled in <see cref="ByteLevelAlphabet"/> characters -> id.</param>
/// <param name="Merges">Merge rules in rank order, spelled like the vocab.</param>
/// <param name="AddedTokens">Tokens outside the merges; their ids may or may not also be in <paramref name="Vocab"/>.</param>
/// <param name="Splitter">How text is cut before merging.</param>
/// <param name="NormalizeNfc">Apply Unicode NFC before cutting (Qwen's normalizer).</param>
/// <param name="IgnoreMerges">A pre-token that is itself in the vocab becomes that one id without merging (Llama-3's ignore_merges).</param>
internal sealed record BpeDefinition(
    IReadOnlyList<KeyValuePair<string, int>> Vocab,
    IReadOnlyList<(string Left, string Right)> Merges,
    IReadOnlyList<AddedToken> AddedTokens,
    PreTokenSplitter Splitter,
    bool NormalizeNfc = false,
    bool IgnoreMerges = false);
