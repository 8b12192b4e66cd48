namespace Sip.Data.Tokenization;

/// <summary>
/// Which added tokens serve as BOS, EOS and PAD for a loaded tokenizer.json. A null name means "find it":
/// the first of the usual names present among the file's added_tokens.
/// </summary>
/// <remarks>
/// Fallbacks when nothing is named or found: BOS reuses EOS (GPT-2 and Qwen have only &lt;|endoftext|&gt;,
/// which they put between documents); PAD reuses EOS (padding is masked out of the loss, so any id will do,
/// and EOS exists in every vocabulary). A file with no EOS at all is an error: sip must end samples.
/// A name that is given but absent is an error too, not a silent fallback.
/// </remarks>
public sealed record SpecialTokenNames(string? Bos = null, string? Eos = null, string? Pad = null)
{
    public static SpecialTokenNames Auto { get; } = new();

    /// <summary>sip's own names, as written by <see cref="BpeTrainer"/>.</summary>
    public static SpecialTokenNames Sip { get; } = new("<|bos|>", "<|eos|>", "<|pad|>");

    internal static readonly string[] BosCandidates = ["<|bos|>", "<|begin_of_text|>", "<s>", "<|startoftext|>"];
    internal static readonly string[] EosCandidates = ["<|eos|>", "<|end_of_text|>", "</s>", "<|endoftext|>"];
    internal static readonly string[] PadCandidates = ["<|pad|>", "<pad>", "<|finetune_right_pad_id|>"];
}
