using Sip.Data.Documents;
using Sip.Data.Splitting;

namespace Sip.Tests.Data.Documents;

public class SampleStreamTests
{
    // Documents need MinPrefixTokens + SuffixTokens = 6 words; prefixes run from 2 to at most 20 - 4 - 1 = 15.
    private static readonly SplitSettings Split = new() { SuffixTokens = 4, MaxSeqLen = 20, MinPrefixTokens = 2 };

    private static string Words(int count, string tag) => string.Join(' ', Enumerable.Range(0, count).Select(i => $"{tag}{i}"));

    private static string Jsonl(params string[] texts) => string.Concat(texts.Select(t => $"{{\"text\":\"{t}\"}}\n"));

    /// <summary>
    /// Four files of three formats: 12 documents of which 3 are too short, and one malformed JSONL line.
    /// </summary>
    private static TempCorpus MixedCorpus()
    {
        var corpus = new TempCorpus();
        corpus.Write("a.jsonl", Jsonl(Words(20, "a"), Words(3, "short"), Words(25, "b"), Words(40, "c"), Words(6, "d")));
        corpus.WriteParquet("b.parquet", ["text"], [[Words(12, "e"), Words(2, "tiny")]], [[Words(30, "f"), Words(8, "g")]]);
        corpus.Write("c.txt", Words(50, "h"));
        corpus.Write("d.jsonl", Jsonl(Words(9, "i")) + "{broken\n" + Jsonl(Words(5, "five"), Words(33, "j")));
        return corpus;
    }

    private static readonly DocumentSourceSettings SkipBad = new() { BadRecords = BadRecordPolicy.Skip };

    private static SampleStream Stream(DocumentSource source, SampleStreamState state, int? epochs = 1) =>
        new(source, new WordTokenizer(), Split, state, epochs);

    private static List<(string Id, string Prefix, string Suffix)> Take(SampleStream stream, int count = int.MaxValue)
    {
        var samples = new List<(string, string, string)>();
        while (samples.Count < count && stream.MoveNext())
            samples.Add((stream.Current.DocumentId, stream.Current.PrefixText, stream.Current.SuffixText));
        return samples;
    }

    [Fact]
    public void Every_long_enough_document_gives_one_sample_and_the_rest_are_counted()
    {
        using var corpus = MixedCorpus();
        using var stream = Stream(DocumentSource.Open(corpus.Root, SkipBad), SampleStreamState.Start(new Rng(1)));

        var samples = Take(stream);

        Assert.Equal(["a.jsonl:1", "a.jsonl:3", "a.jsonl:4", "a.jsonl:5", "b.parquet:1", "b.parquet:3", "b.parquet:4", "c.txt", "d.jsonl:1", "d.jsonl:4"],
            samples.Select(s => s.Id));
        Assert.All(samples, s => Assert.Equal(4, s.Suffix.Split(' ').Length));
        var stats = stream.State.Stats;
        Assert.Equal((13L, 10L, 3L), (stats.Documents, stats.Samples, stats.TooShort));
        Assert.Equal(new Dictionary<SkipReason, long> { [SkipReason.MalformedJson] = 1 }, stats.Skipped);
    }

    [Fact]
    public void Resuming_from_the_state_after_any_sample_gives_exactly_the_uninterrupted_stream()
    {
        using var corpus = MixedCorpus();
        var source = DocumentSource.Open(corpus.Root, SkipBad);
        var start = SampleStreamState.Start(new Rng(2024));
        using var whole = Stream(source, start, epochs: 2);
        var expected = Take(whole);
        string expectedStats = System.Text.Json.JsonSerializer.Serialize(whole.State.Stats);
        var resumePoints = new List<(int Epoch, DocumentPosition Next)>();

        for (int k = 0; k <= expected.Count; k++)
        {
            using var first = Stream(source, start, epochs: 2);
            var before = Take(first, k);
            var saved = SampleStreamState.FromJson(first.State.ToJson());
            resumePoints.Add((saved.Epoch, saved.Next));
            using var resumed = Stream(DocumentSource.Open(corpus.Root, SkipBad), saved, epochs: 2);
            var after = Take(resumed);

            Assert.Equal(expected, [.. before, .. after]);
            Assert.Equal(expectedStats, System.Text.Json.JsonSerializer.Serialize(resumed.State.Stats));
        }

        // The resume points include the middle of a file, the end of a file (the next sample comes from the
        // next file), the end of the first epoch and the second epoch.
        Assert.Contains((0, new DocumentPosition(0, 4)), resumePoints);
        Assert.Contains((0, new DocumentPosition(0, 6)), resumePoints);
        Assert.Contains((0, new DocumentPosition(1, 5)), resumePoints);
        Assert.Contains((0, new DocumentPosition(3, 5)), resumePoints);
        Assert.Contains((1, new DocumentPosition(0, 2)), resumePoints);
        Assert.Equal((2, DocumentPosition.Start), (whole.State.Epoch, whole.State.Next));
    }

    [Fact]
    public void Each_epoch_splits_every_document_again_with_the_generator_going_on()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", Jsonl(Enumerable.Range(0, 8).Select(i => Words(40, $"d{i}x")).ToArray()));
        using var stream = Stream(DocumentSource.Open(corpus.Root), SampleStreamState.Start(new Rng(5)), epochs: 3);

        var samples = Take(stream);

        Assert.Equal(24, samples.Count);
        var epochs = samples.Chunk(8).ToList();
        Assert.All(epochs, e => Assert.Equal(epochs[0].Select(s => s.Id), e.Select(s => s.Id)));
        Assert.NotEqual(epochs[0].Select(s => s.Prefix), epochs[1].Select(s => s.Prefix));
        Assert.Equal(3, stream.State.Epoch);
        Assert.False(stream.MoveNext());
    }

    [Fact]
    public void Looping_over_a_corpus_where_nothing_is_long_enough_fails_instead_of_spinning()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", Jsonl("too short", "also short"));
        using var stream = Stream(DocumentSource.Open(corpus.Root), SampleStreamState.Start(new Rng(1)), epochs: null);

        var error = Assert.Throws<SipInputException>(() => stream.MoveNext());

        Assert.Contains("a whole epoch gave no sample", error.Reason);
        Assert.Contains("2 too short", error.Reason);
    }

    [Fact]
    public void A_single_epoch_of_only_short_documents_just_ends_with_them_counted()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", Jsonl("too short", "also short"));
        using var stream = Stream(DocumentSource.Open(corpus.Root), SampleStreamState.Start(new Rng(1)));

        Assert.False(stream.MoveNext());
        Assert.Equal(2, stream.State.Stats.TooShort);
    }

    [Fact]
    public void A_bad_record_leaves_the_state_at_the_last_sample_so_a_fixed_file_resumes_there()
    {
        using var corpus = new TempCorpus();
        string path = corpus.Write("a.jsonl", Jsonl(Words(10, "a"), Words(10, "b")) + "not json\n" + Jsonl(Words(10, "d")));
        var start = SampleStreamState.Start(new Rng(8));
        using var stream = Stream(DocumentSource.Open(corpus.Root), start);

        var delivered = Take(stream, 2);
        var error = Assert.Throws<SipInputException>(() => stream.MoveNext());
        var again = Assert.Throws<SipInputException>(() => stream.MoveNext());

        Assert.Equal((path, 3L), (error.Location, error.Line));
        Assert.Equal(error.Message, again.Message);
        var saved = stream.State;
        Assert.Equal((new DocumentPosition(0, 3), 2L), (saved.Next, saved.Stats.Samples));

        corpus.Write("a.jsonl", Jsonl(Words(10, "a"), Words(10, "b"), Words(10, "c"), Words(10, "d")));
        using var fixedStream = Stream(DocumentSource.Open(corpus.Root), saved);
        using var reference = Stream(DocumentSource.Open(corpus.Root), start);

        Assert.Equal(Take(reference), [.. delivered, .. Take(fixedStream)]);
    }

    [Fact]
    public void The_state_round_trips_through_json()
    {
        using var corpus = MixedCorpus();
        using var stream = Stream(DocumentSource.Open(corpus.Root, SkipBad), SampleStreamState.Start(new Rng(3)));
        Take(stream);
        var state = stream.State;

        string json = state.ToJson();
        var back = SampleStreamState.FromJson(json);

        Assert.Contains("\"MalformedJson\": 1", json);
        Assert.Equal((state.Next, state.Epoch, state.CorpusFingerprint), (back.Next, back.Epoch, back.CorpusFingerprint));
        Assert.Equal(state.RngState, back.RngState);
        Assert.Equal(state.Stats.Skipped, back.Stats.Skipped);
        Assert.Equal((state.Stats.Documents, state.Stats.Samples, state.Stats.TooShort), (back.Stats.Documents, back.Stats.Samples, back.Stats.TooShort));
    }

    [Fact]
    public void A_state_saved_for_another_file_list_is_refused()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", Jsonl(Words(10, "a")));
        using var stream = Stream(DocumentSource.Open(corpus.Root), SampleStreamState.Start(new Rng(1)));
        stream.MoveNext();
        var saved = stream.State;
        corpus.Write("0-new.jsonl", Jsonl(Words(10, "n")));

        var error = Assert.Throws<SipInputException>(() => Stream(DocumentSource.Open(corpus.Root), saved));

        Assert.Contains("different corpus file list", error.Reason);
    }

    [Fact]
    public void Text_that_is_not_a_state_is_refused()
    {
        var error = Assert.Throws<SipInputException>(() => SampleStreamState.FromJson("{\"Next\": 5}", "run/state.json"));

        Assert.Equal("run/state.json", error.Location);
    }

    [Fact]
    public void A_state_with_an_all_zero_generator_or_zero_epochs_is_refused()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "x");
        var source = DocumentSource.Open(corpus.Root);

        Assert.Throws<SipInputException>(() => Stream(source, new SampleStreamState { RngState = [0, 0, 0, 0] }));
        Assert.Throws<SipInputException>(() => Stream(source, SampleStreamState.Start(new Rng(1)), epochs: 0));
    }
}
