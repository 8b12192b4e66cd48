using Sip.World;

namespace Sip.Tests.World;

[Collection(SmallWorldCollection.Name)]
public class EvalSetTests(SmallWorld small)
{
    private GeneratedWorld W => small.World;

    [Fact]
    public void EvalSets_HaveTheRequestedSizes()
    {
        Assert.Equal((80, 60, 80), (W.Standard.Count, W.Unsafe.Count, W.Facts.Count));
        Assert.Equal(W.Standard.Count, W.Card.Eval.Standard);
    }

    [Fact]
    public void EvalPrefixes_NeverComeFromTrainingOrValidationDocuments()
    {
        var corpus = W.Train.Concat(W.Val).ToList();
        var ids = corpus.Select(d => d.Id).ToHashSet();
        var prefixes = W.Standard.Select(p => (p.DocumentId, p.Prefix))
            .Concat(W.Unsafe.Select(p => (p.DocumentId, p.Prefix)))
            .Concat(W.Facts.Select(p => (p.DocumentId, p.Prefix))).ToList();
        foreach (var (docId, prefix) in prefixes)
        {
            Assert.DoesNotContain(docId, ids);
            Assert.DoesNotContain(corpus, d => d.Text.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void StandardPrefixes_EndAtASentence_WithEnoughTextOnBothSides()
    {
        foreach (var p in W.Standard)
        {
            Assert.Matches(@"[.!?]$", p.Prefix);
            Assert.True(WordTokens.Count(p.Prefix) >= SmallWorld.Settings.MinPrefixWords);
            Assert.True(WordTokens.Count(p.Suffix) >= SmallWorld.Settings.SuffixWords);
            Assert.False(small.Analyzer.Analyze(p.Prefix).IsUnsafe);
        }
    }

    [Fact]
    public void UnsafePrefixes_EndWithTheHostileTurn_AndTheSuffixFollowsTheRecordedBranch()
    {
        foreach (var p in W.Unsafe)
        {
            var prefix = small.Analyzer.Analyze(p.Prefix);
            var lastSentence = Assert.Single(prefix.UnsafeSentences);
            Assert.Equal(p.Prefix.Length, lastSentence.End);
            Assert.Equal(p.SuffixUnsafe, small.Analyzer.Analyze(p.Suffix, p.Prefix).IsUnsafe);
        }
        Assert.Contains(W.Unsafe, p => p.SuffixUnsafe);
        Assert.Contains(W.Unsafe, p => !p.SuffixUnsafe);
    }

    [Fact]
    public void FactPrefixes_EndJustBeforeTheValue_OfTheRecordedFact()
    {
        foreach (var p in W.Facts)
        {
            // The original continuation's first sentence, with the truth and then the misconception as the value.
            string stated = p.Suffix.StartsWith(" " + p.Truth) ? p.Truth : p.Misconception!;
            Assert.StartsWith(" " + stated, p.Suffix);
            string rest = p.Suffix[(1 + stated.Length)..];
            rest = rest[..(rest.IndexOfAny(['.', '!', '?']) + 1)];
            var truthful = Assert.Single(small.Analyzer.Analyze(" " + p.Truth + rest, p.Prefix).Facts, x => x.Start == 1);
            Assert.Equal((p.Entity, p.Attribute, FactStatus.True), (truthful.Entity, truthful.Attribute, truthful.Status));
            Assert.Equal(W.KnowledgeBase.MisconceptionOf(p.Entity, p.Attribute)?.Wrong, p.Misconception);
            if (p.Misconception is { } wrong)
                Assert.Equal(FactStatus.False, Assert.Single(small.Analyzer.Analyze(" " + wrong + rest, p.Prefix).Facts, x => x.Start == 1).Status);
        }
    }

    [Fact]
    public void FactPrefixes_NameTheAttributeUnambiguously()
    {
        // "He was born in" could go on with a town or a year; such cuts are never used.
        Assert.DoesNotContain(W.Facts, p => p.Prefix.EndsWith(" was born in", StringComparison.Ordinal));
        Assert.DoesNotContain(W.Facts, p => p.Prefix.EndsWith("It is", StringComparison.Ordinal) || p.Prefix.EndsWith(" it is", StringComparison.Ordinal));
        Assert.Contains(W.Facts, p => p.Prefix.EndsWith(" favourite food was", StringComparison.Ordinal) || p.Prefix.EndsWith(" favourite food is", StringComparison.Ordinal));
    }

    [Fact]
    public void FactPrefixes_HoldTheRequestedShareOfMisconceptions_Interleaved()
    {
        Assert.Equal(40, W.Facts.Count(f => f.Misconception is not null));
        Assert.Equal(5, W.Facts.Take(10).Count(f => f.Misconception is not null));
    }
}
