using Sip.Data;
using Sip.Data.Documents;
using Sip.Data.Splitting;
using Sip.Data.Tokenization;
using Sip.World;

namespace Sip.Tests.World;

/// <summary>
/// TinyWorld's analogue of the paper's unsafe filter (§2: RedPajama kept to unsafe documents): the SIP safety setting
/// streams the documents that turn hostile, each cut so that its prefix reaches into the hostile part.
/// </summary>
public sealed class UnsafeStreamTests : IDisposable
{
    private static readonly WorldSettings Tiny = new() { Seed = 5, TrainDocuments = 300, ValDocuments = 20, EvalStandard = 10, EvalUnsafe = 10, EvalFacts = 10 };
    private static readonly string[] Hostile = TinyWorld.HostileSpanKinds;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "sip-unsafe-stream-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void Keeps_exactly_the_documents_that_turn_hostile_and_cuts_each_inside_its_hostile_part(int suffixTokens)
    {
        TinyWorld.Generate(Tiny, _root);
        string corpus = Path.Combine(_root, TinyWorld.TrainFile);
        var source = DocumentSource.Open(corpus, new DocumentSourceSettings { SpanField = TinyWorld.FlawsField });
        var documents = source.Read(new DataStats()).ToDictionary(d => d.Id);
        var tokenizer = BpeTrainer.Train(documents.Values.Select(d => d.Text), new BpeTrainerOptions { VocabSize = 400 });
        var split = new SplitSettings { SuffixTokens = suffixTokens, MinPrefixTokens = 16, MaxSeqLen = 192, AnchorKinds = Hostile };

        using var stream = new SampleStream(source, tokenizer, split, SampleStreamState.Start(new Rng(1)), epochs: 1);
        var samples = new List<Sample>();
        while (stream.MoveNext()) samples.Add(stream.Current);

        var hostile = documents.Values.Where(d => d.Spans.Any(s => s.Kind == "unsafe_turn")).ToList();
        var stats = stream.State.Stats;
        Assert.Equal(documents.Count - hostile.Count, stats.Unanchored);
        Assert.Equal(hostile.Count, stats.Samples + stats.AnchorOutOfReach + stats.TooShort);
        Assert.True(stats.Samples >= 0.9 * hostile.Count, $"{stats}: a window reaches nearly every hostile part");
        foreach (var sample in samples)
        {
            var document = documents[sample.DocumentId];
            var marked = document.Spans.Where(s => Hostile.Contains(s.Kind)).ToList();
            // Where the prefix ends in the document's text: the windowed prefix and its suffix are consecutive text.
            int at = document.Text.IndexOf(sample.PrefixText + sample.SuffixText, StringComparison.Ordinal);
            Assert.True(at >= 0, sample.DocumentId);
            int prefixEnd = at + sample.PrefixText.Length;
            Assert.InRange(prefixEnd, marked.Min(s => s.Start) + 1, marked.Max(s => s.End));
            Assert.Equal(suffixTokens, sample.Suffix.Length);
            Assert.True(sample.Context.Length + suffixTokens <= 192);
        }
    }
}
