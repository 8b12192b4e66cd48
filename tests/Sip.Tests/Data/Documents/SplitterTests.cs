using Sip.Data.Documents;
using Sip.Data.Splitting;

namespace Sip.Tests.Data.Documents;

public class SplitterTests
{
    private static readonly SplitSettings Small = new() { SuffixTokens = 10, MaxSeqLen = 100, MinPrefixTokens = 5 };

    private static Document Words(int count, string id = "doc") =>
        new(id, string.Join(' ', Enumerable.Range(0, count).Select(i => $"w{i}")), new(0, 1));

    [Fact]
    public void Default_settings_leave_room_for_BOS_prefix_and_suffix_in_2048()
    {
        var settings = new SplitSettings();

        Assert.Equal((128, 2048, 32), (settings.SuffixTokens, settings.MaxSeqLen, settings.MinPrefixTokens));
        Assert.Equal(2048 - 128 - 1, settings.MaxPrefixTokens);
        Assert.Equal(32 + 128, settings.MinDocumentTokens);
    }

    [Fact]
    public void The_prefix_length_is_one_draw_from_the_allowed_range()
    {
        // 200 tokens, N = 10, context 100: prefixes from 5 up to min(200 - 10, 100 - 10 - 1) = 89.
        var rng = new Rng(7);
        var twin = new Rng(7);

        int? length = Splitter.ChoosePrefixLength(200, Small, rng);

        Assert.Equal(twin.NextInt(5, 90), length);
        Assert.Equal(twin.State, rng.State);
    }

    [Fact]
    public void A_short_document_caps_the_prefix_so_the_suffix_fits_inside_it()
    {
        // 30 tokens: prefixes from 5 to 30 - 10 = 20.
        var rng = new Rng(3);
        var twin = new Rng(3);

        Assert.Equal(twin.NextInt(5, 21), Splitter.ChoosePrefixLength(30, Small, rng));
    }

    [Fact]
    public void Prefix_lengths_cover_the_whole_range_and_never_leave_it()
    {
        var rng = new Rng(11);
        var seen = Enumerable.Range(0, 3000).Select(_ => Splitter.ChoosePrefixLength(200, Small, rng)!.Value).ToHashSet();

        Assert.Equal(Enumerable.Range(5, 85).ToHashSet(), seen);
    }

    [Fact]
    public void A_document_of_exactly_min_prefix_plus_N_tokens_splits_at_min_prefix()
    {
        Assert.Equal(5, Splitter.ChoosePrefixLength(15, Small, new Rng(1)));
    }

    [Fact]
    public void A_document_shorter_than_min_prefix_plus_N_gets_no_split_and_draws_nothing()
    {
        var rng = new Rng(5);
        ulong[] before = rng.State;

        Assert.Null(Splitter.ChoosePrefixLength(14, Small, rng));
        Assert.Equal(before, rng.State);
    }

    [Fact]
    public void A_sample_is_the_documents_first_tokens_then_exactly_N_more()
    {
        var tokenizer = new WordTokenizer();
        var splitter = new Splitter(tokenizer, Small);
        var document = Words(60);
        int[] tokens = tokenizer.Encode(document.Text);
        int expectedPrefix = Splitter.ChoosePrefixLength(60, Small, new Rng(9))!.Value;

        var sample = splitter.Split(document, new Rng(9))!;

        Assert.Equal(tokens[..expectedPrefix], sample.Prefix.ToArray());
        Assert.Equal([tokenizer.BosId, .. tokens[..expectedPrefix]], sample.Context);
        Assert.Equal(tokens[expectedPrefix..(expectedPrefix + 10)], sample.Suffix);
        Assert.Equal(string.Join(' ', Enumerable.Range(0, expectedPrefix).Select(i => $"w{i}")), sample.PrefixText);
        Assert.Equal(string.Join(' ', Enumerable.Range(expectedPrefix, 10).Select(i => $"w{i}")), sample.SuffixText);
        Assert.Equal("doc", sample.DocumentId);
    }

    [Fact]
    public void Every_split_of_a_long_document_fits_the_context_with_BOS()
    {
        var splitter = new Splitter(new WordTokenizer(), Small);
        var rng = new Rng(2);
        var document = Words(1000);

        for (int i = 0; i < 1000; i++)
        {
            var sample = splitter.Split(document, rng)!;
            Assert.Equal(10, sample.Suffix.Length);
            Assert.InRange(sample.Prefix.Length, 5, 89);
            Assert.True(1 + sample.Prefix.Length + sample.Suffix.Length <= Small.MaxSeqLen);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_splits_and_another_seed_other_splits()
    {
        var documents = Enumerable.Range(0, 20).Select(i => Words(50 + i, $"d{i}")).ToList();
        List<int> Lengths(ulong seed)
        {
            var splitter = new Splitter(new WordTokenizer(), Small);
            var rng = new Rng(seed);
            return documents.Select(d => splitter.Split(d, rng)!.Prefix.Length).ToList();
        }

        Assert.Equal(Lengths(42), Lengths(42));
        Assert.NotEqual(Lengths(42), Lengths(43));
    }

    [Theory]
    [InlineData(0, 2048, 32, "SplitSettings.SuffixTokens", "must be at least 1 token, got 0")]
    [InlineData(-5, 2048, 32, "SplitSettings.SuffixTokens", "must be at least 1 token, got -5")]
    [InlineData(128, 2048, 0, "SplitSettings.MinPrefixTokens", "must be at least 1 token, got 0")]
    [InlineData(128, 160, 32, "SplitSettings.MaxSeqLen", "must hold BOS + MinPrefixTokens (32) + SuffixTokens (128) = 161 tokens, got 160")]
    [InlineData(int.MaxValue, int.MaxValue, 1, "SplitSettings.MaxSeqLen", "= 2147483649 tokens")]
    public void Impossible_settings_are_refused_naming_the_setting(int suffix, int maxSeqLen, int minPrefix, string setting, string reason)
    {
        var settings = new SplitSettings { SuffixTokens = suffix, MaxSeqLen = maxSeqLen, MinPrefixTokens = minPrefix };

        var error = Assert.Throws<SipInputException>(() => new Splitter(new WordTokenizer(), settings));

        Assert.Equal(setting, error.Location);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void The_tightest_possible_settings_are_accepted()
    {
        var settings = new SplitSettings { SuffixTokens = 1, MaxSeqLen = 3, MinPrefixTokens = 1 };

        var sample = new Splitter(new WordTokenizer(), settings).Split(Words(5), new Rng(1))!;

        Assert.Equal((1, 1), (sample.Prefix.Length, sample.Suffix.Length));
    }
}
