namespace Sip.Data.Tokenization;

/// <summary>
/// A token outside the BPE merges (Hugging Face's added_tokens), such as &lt;|eos|&gt;. sip never produces
/// one from text (see <see cref="ByteLevelBpeTokenizer"/>); when decoding, special ones are dropped unless
/// asked for and ordinary ones are written as their content.
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special);
