namespace Sip.Teacher.Local;

/// <summary>What a <see cref="ModelChatClient"/> has done so far.</summary>
/// <param name="Calls">calls answered</param>
/// <param name="Batches">batches decoded (one per token limit and sampling in each gathering of calls)</param>
/// <param name="Decoded">calls those batches held (Decoded / Batches is the mean batch)</param>
/// <param name="PromptTokens">tokens of the prompts decoded: what prefilling each prompt whole would compute</param>
/// <param name="SharedTokens">of those, tokens not prefilled again because a batch's prompts shared them (a template's
/// instructions, a document several pairwise requests are about); 0 with prefix sharing off</param>
/// <param name="StoppedAtSequence">answers that ended at one of their stop sequences (a judge's at its verdict line)</param>
public readonly record struct ModelChatCounts(long Calls, long Batches, long Decoded, long PromptTokens, long SharedTokens, long StoppedAtSequence);
