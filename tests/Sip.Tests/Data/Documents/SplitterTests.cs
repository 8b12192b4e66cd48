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

    private static readonly SplitSettings FromStart = Small with { LongDocuments = LongDocuments.Start };

    /// <summary>Where word <paramref name="index"/> of <see cref="Words"/> starts in the text ("w0 w1 ...").</summary>
    private static int WordStart(int index) => Enumerable.Range(0, index).Sum(i => $"w{i}".Length + 1);

    [Fact]
    public void Keeping_the_start_the_prefix_length_is_one_draw_from_the_allowed_range()
    {
        // 200 tokens, N = 10, context 100: prefixes from 5 up to min(200 - 10, 100 - 10 - 1) = 89.
        var rng = new Rng(7);
        var twin = new Rng(7);

        int? length = Splitter.ChoosePrefixLength(200, FromStart, rng);

        Assert.Equal(twin.NextInt(5, 90), length);
        Assert.Equal(twin.State, rng.State);
    }

    [Fact]
    public void Windowed_a_long_document_is_cut_anywhere_a_suffix_fits_and_the_prefix_keeps_its_last_tokens()
    {
        // 200 tokens, N = 10, context 100: cuts from 5 to 190; a prefix keeps at most the 89 tokens before its cut.
        var splitter = new Splitter(new WordTokenizer(), Small);
        var document = Words(200);
        var rng = new Rng(4);
        var twin = new Rng(4);
        var cuts = new HashSet<int>();
        for (int i = 0; i < 4000; i++)
        {
            int cut = twin.NextInt(5, 191);
            var sample = splitter.Split(document, rng)!;
            int from = Math.Max(0, cut - 89);
            Assert.Equal(string.Join(' ', Enumerable.Range(from, cut - from).Select(w => $"w{w}")), sample.PrefixText);
            Assert.Equal(string.Join(' ', Enumerable.Range(cut, 10).Select(w => $"w{w}")), sample.SuffixText);
            cuts.Add(cut);
        }
        Assert.Equal(Enumerable.Range(5, 186).ToHashSet(), cuts); // the document's tail is reached too
    }

    [Fact]
    public void Window_and_start_split_a_document_that_fits_the_context_alike()
    {
        var document = Words(60);
        var windowed = new Splitter(new WordTokenizer(), Small).Split(document, new Rng(9))!;
        var fromStart = new Splitter(new WordTokenizer(), FromStart).Split(document, new Rng(9))!;
        Assert.Equal((fromStart.PrefixText, fromStart.SuffixText), (windowed.PrefixText, windowed.SuffixText));
    }

    [Theory]
    [InlineData(LongDocuments.Window)]
    [InlineData(LongDocuments.Start)]
    public void Anchored_the_prefix_ends_inside_the_marked_region_and_every_cut_in_it_is_drawn(LongDocuments longDocuments)
    {
        // Words 30..41 are marked hostile (a turn, then a hostile sentence); a clean span elsewhere is not an anchor.
        var settings = Small with { LongDocuments = longDocuments, AnchorKinds = ["unsafe_turn", "unsafe"] };
        var document = Words(120) with
        {
            Spans = [new("misconception", WordStart(5), WordStart(6) - 1), new("unsafe_turn", WordStart(30), WordStart(36) - 1), new("unsafe", WordStart(36), WordStart(42) - 1)],
        };
        var splitter = new Splitter(new WordTokenizer(), settings);
        var rng = new Rng(3);
        var cuts = new HashSet<int>();
        for (int i = 0; i < 2000; i++)
        {
            var sample = splitter.Split(document, rng, out _)!;
            int cut = sample.PrefixText.Split(' ').Length; // the prefix is the document's start here: 42 < 89
            Assert.InRange(cut, 31, 42); // holds the turn's first word, ends by the region's last
            Assert.Equal($"w{cut}", sample.SuffixText.Split(' ')[0]);
            cuts.Add(cut);
        }
        Assert.Equal(Enumerable.Range(31, 12).ToHashSet(), cuts);
    }

    [Fact]
    public void Anchored_a_document_without_an_anchor_span_gives_no_sample_and_draws_nothing()
    {
        var splitter = new Splitter(new WordTokenizer(), Small with { AnchorKinds = ["unsafe_turn"] });
        var rng = new Rng(5);
        ulong[] before = rng.State;

        Assert.Null(splitter.Split(Words(120) with { Spans = [new("misconception", 0, 2)] }, rng, out var skip));

        Assert.Equal(SplitSkip.Unanchored, skip);
        Assert.Equal(before, rng.State);
    }

    [Fact]
    public void Anchored_a_region_past_the_context_is_reached_only_by_a_window()
    {
        // The turn starts at word 150: keeping the start, no prefix longer than 89 reaches it; a window does.
        var document = Words(300) with { Spans = [new("unsafe_turn", WordStart(150), WordStart(160) - 1)] };
        var rng = new Rng(6);
        ulong[] before = rng.State;

        Assert.Null(new Splitter(new WordTokenizer(), FromStart with { AnchorKinds = ["unsafe_turn"] }).Split(document, rng, out var skip));
        Assert.Equal(SplitSkip.AnchorOutOfReach, skip);
        Assert.Equal(before, rng.State);

        var sample = new Splitter(new WordTokenizer(), Small with { AnchorKinds = ["unsafe_turn"] }).Split(document, rng)!;
        Assert.Equal(89, sample.Prefix.Length);
        Assert.InRange(int.Parse(sample.SuffixText.Split(' ')[0][1..]), 151, 160);
    }

    [Fact]
    public void Anchored_a_region_at_the_very_end_leaves_no_room_for_a_suffix()
    {
        // The last 5 words are marked: a cut inside them leaves fewer than N = 10 tokens after it.
        var document = Words(100) with { Spans = [new("unsafe_turn", WordStart(95), WordStart(100) - 1)] };
        Assert.Null(new Splitter(new WordTokenizer(), Small with { AnchorKinds = ["unsafe_turn"] }).Split(document, new Rng(1), out var skip));
        Assert.Equal(SplitSkip.AnchorOutOfReach, skip);
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
