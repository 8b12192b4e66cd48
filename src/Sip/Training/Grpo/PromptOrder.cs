namespace Sip.Training.Grpo;

/// <summary>
/// The order prompts are visited in: every epoch a fresh permutation of all prompts, drawn from the seed and the
/// epoch alone. The position is one number (prompts taken so far), so a resumed run continues the same sequence.
/// </summary>
public static class PromptOrder
{
    /// <summary>Indexes of the prompts at positions <paramref name="taken"/> .. <paramref name="taken"/> + <paramref name="count"/> − 1.</summary>
    /// <param name="seed">the run's seed</param>
    /// <param name="prompts">prompts in all</param>
    /// <param name="taken">prompts taken so far</param>
    /// <param name="count">prompts to take</param>
    /// <param name="block">
    /// prompts that travel together: the permutation moves blocks of this many adjacent prompts, each kept in order
    /// (a quality pair's two orders, so a reward can see both); 1 shuffles single prompts
    /// </param>
    public static int[] Take(long seed, int prompts, long taken, int count, int block = 1)
    {
        if (prompts < 1) throw new ArgumentException("a GRPO task needs at least one prompt", nameof(prompts));
        if (block < 1 || prompts % block != 0) throw new ArgumentException($"{prompts} prompts do not split into blocks of {block}", nameof(block));
        var result = new int[count];
        int[]? order = null;
        long epochOfOrder = -1;
        for (int i = 0; i < count; i++)
        {
            long position = taken + i;
            long epoch = position / prompts;
            if (epoch != epochOfOrder)
            {
                order = Permutation(seed, epoch, prompts / block);
                epochOfOrder = epoch;
            }
            int within = (int)(position % prompts);
            result[i] = order![within / block] * block + within % block;
        }
        return result;
    }

    private static int[] Permutation(long seed, long epoch, int n)
    {
        var rng = new Rng(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)epoch * 0xBF58476D1CE4E5B9UL ^ 0x6772706FUL));
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.NextInt(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
