using static TorchSharp.torch;

namespace Sip.Model.Generation;

/// <summary>
/// Ends a row of a decode when its tokens so far say it is complete (a chat answer that has written a stop sequence),
/// besides the stop token. Called after each token the row writes, from the thread decoding it.
/// </summary>
/// <param name="row">the row, as the generator numbers its results</param>
/// <param name="tokens">what the row has written, its latest token last</param>
public delegate bool RowStop(int row, ReadOnlySpan<int> tokens);

/// <summary>What every row wrote: each decode shard fills only its own rows, so shards share it without locks.</summary>
internal sealed class WrittenTokens
{
    public WrittenTokens(int rows, int maxNewTokens)
    {
        Tokens = Enumerable.Range(0, rows).Select(_ => new int[maxNewTokens]).ToArray();
        Lengths = new int[rows];
        Stopped = new bool[rows];
    }

    public int[][] Tokens { get; }
    public int[] Lengths { get; }
    public bool[] Stopped { get; }

    /// <summary>Row r as prompt r / K's sample r mod K.</summary>
    public IReadOnlyList<Continuation> ToContinuations(int samplesPerPrompt) =>
        Enumerable.Range(0, Lengths.Length).Select(r => new Continuation(r / samplesPerPrompt, r % samplesPerPrompt, Tokens[r][..Lengths[r]], Stopped[r])).ToList();

    /// <summary>Row r as prompt <c>order[r]</c>'s only sample, in prompt order.</summary>
    public IReadOnlyList<Continuation> InPromptOrder(IReadOnlyList<int> order) =>
        Enumerable.Range(0, Lengths.Length).Select(r => new Continuation(order[r], 0, Tokens[r][..Lengths[r]], Stopped[r])).OrderBy(c => c.PromptIndex).ToList();
}

/// <summary>The decode loop over a contiguous block of rows: sample, record, feed the tokens back, until done.</summary>
internal sealed class DecodeRows(int maxNewTokens, SamplingSettings sampling, int? stopToken, int padToken, WrittenTokens output, RowStop? stopWhen = null)
{
    /// <param name="firstRow">the block's first row in the written output</param>
    /// <param name="logits">the next-token logits of the block's rows, [rows, vocab]</param>
    /// <param name="uniforms">the block's draws, [rows, N], or null when greedy</param>
    /// <param name="next">the next logits after a column of tokens [rows, 1]</param>
    public void Run(int firstRow, Tensor logits, Tensor? uniforms, Func<Tensor, Tensor> next)
    {
        int rows = (int)logits.shape[0];
        for (int step = 0; step < maxNewTokens; step++)
        {
            // One scope per step: the step's logits and activations are freed as soon as the next token is known.
            using var stepScope = NewDisposeScope();
            var ids = TokenSampler.Next(logits, sampling, uniforms?.narrow(1, step, 1)).data<long>().ToArray();
            bool allDone = true;
            for (int i = 0; i < rows; i++)
            {
                int r = firstRow + i;
                if (output.Stopped[r]) { ids[i] = padToken; continue; }
                output.Tokens[r][output.Lengths[r]++] = (int)ids[i];
                if (stopToken is { } stop && ids[i] == stop) output.Stopped[r] = true;
                else if (stopWhen is not null && stopWhen(r, output.Tokens[r].AsSpan(0, output.Lengths[r]))) output.Stopped[r] = true;
                else allDone &= output.Lengths[r] == maxNewTokens;
            }
            if (allDone || step == maxNewTokens - 1) break;
            var previous = logits;
            logits = next(tensor(ids).view(rows, 1)).MoveToOuterDisposeScope();
            if (step > 0) previous.Dispose(); // the first logits belong to the caller
        }
    }
}
