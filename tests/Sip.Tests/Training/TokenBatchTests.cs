using Sip.Training;

namespace Sip.Tests.Training;

public class TokenBatchTests
{
    private static readonly ContinuationSequence[] Sequences = [new([1, 10, 11], [20, 21]), new([1, 12], [22, 23, 24])];

    [Fact]
    public void AllTokens_CountsEveryTargetAfterBos_AndPadsRowsOnTheRight()
    {
        using var batch = TokenBatch.Build(Sequences, continuationOnly: false, padId: 0);
        Assert.Equal(new long[] { 1, 10, 11, 20, 1, 12, 22, 23 }, batch.Inputs.data<long>().ToArray());
        Assert.Equal(new long[] { 10, 11, 20, 21, 12, 22, 23, 24 }, batch.Targets.data<long>().ToArray());
        Assert.Equal(new float[] { 1, 1, 1, 1, 1, 1, 1, 1 }, batch.LossMask.data<float>().ToArray());
    }

    [Fact]
    public void ContinuationOnly_NeverCountsAPrefixToken()
    {
        using var batch = TokenBatch.Build(Sequences, continuationOnly: true, padId: 0);
        // Row 0 targets: 10 11 | 20 21 ; row 1 targets: 12 | 22 23 24
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 1, 1, 1 }, batch.LossMask.data<float>().ToArray());
        Assert.Equal(5, batch.CountedTokens);
    }

    [Fact]
    public void ShorterRows_HaveTheirPaddingMaskedOut()
    {
        using var batch = TokenBatch.Build([new([1, 5], [6]), new([1, 5], [6, 7, 8, 9])], continuationOnly: true, padId: 99);
        var mask = batch.LossMask.data<float>().ToArray();
        Assert.Equal(new float[] { 0, 1, 0, 0, 0, 0, 1, 1, 1, 1 }, mask);
        Assert.Equal(99L, batch.Targets[0, 3].item<long>());
    }
}
