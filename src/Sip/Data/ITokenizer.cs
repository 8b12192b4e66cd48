namespace Sip.Data;

/// <summary>
/// Text to token ids and back. Special tokens (BOS, EOS, PAD) have fixed ids and are never produced by
/// <see cref="Encode"/> from ordinary text, so a document cannot smuggle in an end-of-sequence.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of ids, special tokens included; the model's embedding size.</summary>
    int VocabSize { get; }
    int BosId { get; }
    int EosId { get; }
    int PadId { get; }

    /// <summary>Ids of <paramref name="text"/>, without any special token added.</summary>
    int[] Encode(string text);

    /// <summary>Text of <paramref name="ids"/>; special tokens are dropped unless asked for.</summary>
    string Decode(ReadOnlySpan<int> ids, bool includeSpecial = false);
}
