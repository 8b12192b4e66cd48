using Sip.Data.Tokenization;

namespace Sip.Tests.Data.Tokenization;

public class MergeTableTests
{
    // Merges on a 4-letter alphabet (ids 0-3 = a b c d), results from id 10 up.
    private static readonly (int Left, int Right, int Result)[] Rules =
    [
        (0, 1, 10),   // a b -> ab
        (10, 10, 11), // ab ab -> abab
        (2, 2, 12),   // c c -> cc
        (1, 2, 13),   // b c -> bc
        (0, 13, 14),  // a bc -> abc
        (12, 3, 15),  // cc d -> ccd
        (3, 3, 16),   // d d -> dd
        (16, 16, 17), // dd dd -> dddd
    ];

    [Theory]
    [InlineData(new[] { 0, 1 }, new[] { 10 })]
    [InlineData(new[] { 0, 1, 0, 1 }, new[] { 11 })]
    [InlineData(new[] { 0, 1, 2 }, new[] { 10, 2 })]            // a b first (rank 0), so abc is never reached
    [InlineData(new[] { 2, 2, 2 }, new[] { 12, 2 })]            // leftmost of two equal pairs
    [InlineData(new[] { 3, 3, 3, 3, 3 }, new[] { 17, 3 })]
    [InlineData(new[] { 1, 2, 2, 3 }, new[] { 1, 15 })]          // c c (rank 2) beats b c (rank 3)
    [InlineData(new[] { 3 }, new[] { 3 })]
    public void Encode_AppliesLowestRankLeftmostFirst(int[] symbols, int[] expected)
    {
        var output = new List<int>();

        new MergeTable(Rules).Encode(symbols, output);

        Assert.Equal(expected, output);
    }

    [Fact]
    public void Encode_LongRandomWords_EqualsNaiveRescanningReference()
    {
        var table = new MergeTable(Rules);
        var rng = new Rng(42);
        for (var trial = 0; trial < 300; trial++)
        {
            var word = Enumerable.Range(0, rng.NextInt(1, 400)).Select(_ => rng.NextInt(0, 4)).ToArray();
            var output = new List<int>();

            table.Encode(word, output);

            Assert.Equal(NaiveMerge(word), output);
        }
    }

    // The textbook O(n^2) loop: find the lowest-rank adjacent pair (leftmost on ties), merge it, repeat.
    private static List<int> NaiveMerge(int[] word)
    {
        var symbols = word.ToList();
        while (true)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                var rank = Array.FindIndex(Rules, r => r.Left == symbols[i] && r.Right == symbols[i + 1]);
                if (rank >= 0 && rank < bestRank) (best, bestRank) = (i, rank);
            }
            if (best < 0) return symbols;
            symbols[best] = Rules[bestRank].Result;
            symbols.RemoveAt(best + 1);
        }
    }
}
