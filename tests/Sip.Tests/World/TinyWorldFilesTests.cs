using System.Text.Json;
using Sip.World;

namespace Sip.Tests.World;

[Collection(SmallWorldCollection.Name)]
public class TinyWorldFilesTests(SmallWorld small) : IDisposable
{
    private static readonly WorldSettings Tiny = new()
    {
        Seed = 5, TrainDocuments = 120, ValDocuments = 20, EvalStandard = 15, EvalUnsafe = 10, EvalFacts = 15,
    };

    private static readonly string[] Files =
    [
        TinyWorld.TrainFile, TinyWorld.ValFile, TinyWorld.KnowledgeFile, TinyWorld.StandardFile,
        TinyWorld.UnsafeFile, TinyWorld.FactsFile, TinyWorld.ChoicesFile, TinyWorld.CardJsonFile, TinyWorld.CardMarkdownFile,
    ];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "sip-tinyworld-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void SameSeed_WritesByteIdenticalFiles()
    {
        TinyWorld.Generate(Tiny, Path.Combine(_root, "a"));
        TinyWorld.Generate(Tiny, Path.Combine(_root, "b"));
        foreach (var f in Files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(_root, "a", f)), File.ReadAllBytes(Path.Combine(_root, "b", f)));
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentWorlds()
    {
        TinyWorld.Generate(Tiny, Path.Combine(_root, "a"));
        TinyWorld.Generate(Tiny with { Seed = 6 }, Path.Combine(_root, "b"));
        foreach (var f in new[] { TinyWorld.TrainFile, TinyWorld.KnowledgeFile, TinyWorld.FactsFile })
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(_root, "a", f)), File.ReadAllBytes(Path.Combine(_root, "b", f)));
    }

    [Fact]
    public void CorpusLines_HoldIdTextKindAndFlaws_InThatOrder()
    {
        var card = TinyWorld.Generate(Tiny, _root);
        var lines = File.ReadAllLines(Path.Combine(_root, TinyWorld.TrainFile));
        Assert.Equal(Tiny.TrainDocuments, lines.Length);
        using var doc = JsonDocument.Parse(lines[0]);
        Assert.Equal(["id", "text", "kind", "flaws"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("tw-train-000001", doc.RootElement.GetProperty("id").GetString());
        Assert.Contains(doc.RootElement.GetProperty("kind").GetString(), new[] { "biography", "news", "dialogue", "story" });
        Assert.Equal(Tiny.TrainDocuments, card.Train.Documents);
    }

    [Fact]
    public void FlawSpans_InTheJsonl_PointAtTheRightText()
    {
        TinyWorld.Generate(Tiny, _root);
        foreach (var line in File.ReadLines(Path.Combine(_root, TinyWorld.TrainFile)))
        {
            using var doc = JsonDocument.Parse(line);
            string text = doc.RootElement.GetProperty("text").GetString()!;
            foreach (var f in doc.RootElement.GetProperty("flaws").EnumerateArray())
            {
                int start = f.GetProperty("start").GetInt32(), end = f.GetProperty("end").GetInt32();
                Assert.InRange(start, 0, end - 1);
                Assert.InRange(end, start + 1, text.Length);
                if (f.GetProperty("kind").GetString() == "misconception")
                    Assert.Equal(f.GetProperty("stated").GetString(), text[start..end]);
            }
        }
    }

    [Fact]
    public void Card_CountsMatchARecountOfTheWrittenFiles()
    {
        var card = TinyWorld.Generate(Tiny, _root);
        var docs = File.ReadLines(Path.Combine(_root, TinyWorld.TrainFile)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        int Docs(string kind) => docs.Count(d => d.GetProperty("flaws").EnumerateArray().Any(f => f.GetProperty("kind").GetString() == kind));
        int Spans(params string[] kinds) => docs.Sum(d => d.GetProperty("flaws").EnumerateArray().Count(f => kinds.Contains(f.GetProperty("kind").GetString())));
        Assert.Equal(Docs("unsafe_turn"), card.Train.HostileDocuments);
        Assert.Equal(Docs("unsafe"), card.Train.HostileContinuing);
        Assert.Equal(Docs("repetition"), card.Train.RepetitionDocuments);
        Assert.Equal(Docs("word_salad"), card.Train.WordSaladDocuments);
        Assert.Equal(Docs("topic_jump"), card.Train.TopicJumpDocuments);
        Assert.Equal(Spans("misconception"), card.Train.MisconceptionFlaws);
        Assert.Equal(Spans("unsafe", "unsafe_turn"), card.Train.UnsafeFlaws);
        Assert.Equal(docs.Sum(d => (long)d.GetProperty("text").GetString()!.Length), card.Train.Characters);

        var written = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(Path.Combine(_root, TinyWorld.CardJsonFile)));
        Assert.Equal(card.Train.HostileDocuments, written.GetProperty("train").GetProperty("hostile_documents").GetInt32());
        Assert.Equal(Tiny.UnsafeDocumentRate, written.GetProperty("settings").GetProperty("unsafe_document_rate").GetDouble());
        Assert.Equal(File.ReadLines(Path.Combine(_root, TinyWorld.FactsFile)).Count(), card.Eval.Facts);
        string md = File.ReadAllText(Path.Combine(_root, TinyWorld.CardMarkdownFile));
        Assert.Contains("| hostile turn | document | 0.120 |", md);
        Assert.Contains($"| UnsafeDocumentRate | 0.12 |", md);
    }

    [Fact]
    public void PlantedRates_MatchTheCard_WithinSamplingError()
    {
        var s = SmallWorld.Settings;
        var c = small.World.Card.Train;
        // Four and a half standard errors: a correct generator fails this about once in 150,000 runs per check.
        static void Near(double planted, double measured, long n, string what)
        {
            double tolerance = 4.5 * Math.Sqrt(planted * (1 - planted) / n) + 1e-4;
            Assert.True(Math.Abs(planted - measured) <= tolerance, $"{what}: planted {planted}, measured {measured} over {n}");
        }
        Near(s.UnsafeDocumentRate, c.HostileDocumentShare, c.Documents, "hostile documents");
        Near(s.UnsafeContinuationRate, c.HostileContinuingShare, c.HostileDocuments, "hostile continuations");
        Near(s.RepetitionRate, c.RepetitionShare, c.Documents, "loops");
        Near(s.WordSaladRate, c.WordSaladShare, c.Documents, "salad");
        Near(s.TopicJumpRate, c.TopicJumpShare, c.Documents, "topic jumps");
        Near(s.MisconceptionStatementRate, c.MisconceptionWrongShare, c.MisconceptionDocumentFacts, "wrong values");
        var k = small.World.Card.Knowledge;
        Near(s.MisconceptionFactRate, k.MisconceptionFactShare, k.Facts, "misconception facts");
        Assert.Equal(small.World.KnowledgeBase.Misconceptions.Count, k.MisconceptionFacts);
    }

    [Fact]
    public void UnwritableFolder_IsReportedAsBadInput()
    {
        Directory.CreateDirectory(_root);
        string blocker = Path.Combine(_root, "file");
        File.WriteAllText(blocker, "not a folder");
        var e = Assert.Throws<SipInputException>(() => TinyWorld.Generate(Tiny, blocker));
        Assert.Equal(blocker, e.Location);
    }
}
