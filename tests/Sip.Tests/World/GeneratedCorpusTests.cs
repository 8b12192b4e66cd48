using Sip.World;

namespace Sip.Tests.World;

/// <summary>The analyzer and corrector against the generator: what was planted is exactly what is found.</summary>
[Collection(SmallWorldCollection.Name)]
public class GeneratedCorpusTests(SmallWorld small)
{
    private IEnumerable<WorldDocument> Documents => small.World.Train.Take(800);

    private static bool Overlaps(int s1, int e1, int s2, int e2) => s1 < e2 && s2 < e1;

    [Fact]
    public void FalseFactsFound_AreExactlyThePlantedMisconceptions()
    {
        int planted = 0;
        foreach (var d in Documents)
        {
            var a = small.Analyzer.Analyze(d.Text);
            var found = a.Facts.Where(f => f.Status == FactStatus.False).Select(f => (f.Start, f.End, f.Entity, (string?)f.Attribute, (string?)f.Stated, f.Truth)).ToHashSet();
            var expected = d.Flaws.Where(f => f.Kind == FlawKind.Misconception).Select(f => (f.Start, f.End, f.Entity, f.Attribute, f.Stated, f.Truth)).ToHashSet();
            Assert.True(expected.SetEquals(found), d.Id);
            Assert.DoesNotContain(a.Facts, f => f.Status == FactStatus.Unknown);
            planted += expected.Count;
        }
        Assert.True(planted > 100, $"only {planted} misconception statements checked");
    }

    [Fact]
    public void HostileSentencesFound_AreExactlyThePlantedOnes()
    {
        int planted = 0;
        foreach (var d in Documents)
        {
            var found = small.Analyzer.Analyze(d.Text).UnsafeSentences.ToHashSet();
            var expected = d.Flaws.Where(f => f.Kind is FlawKind.Unsafe or FlawKind.UnsafeTurn).Select(f => new TextSpan(f.Start, f.End)).ToHashSet();
            Assert.True(expected.SetEquals(found), d.Id);
            planted += expected.Count;
        }
        Assert.True(planted > 100);
    }

    [Fact]
    public void LoopsSaladAndJumps_AreFoundWhereTheyWerePlanted_AndNowhereElse()
    {
        foreach (var d in Documents)
        {
            var a = small.Analyzer.Analyze(d.Text);
            var loops = d.Flaws.Where(f => f.Kind == FlawKind.Repetition).ToList();
            Assert.Equal(loops.Count, a.Loops.Count);
            foreach (var l in a.Loops) Assert.Contains(loops, f => Overlaps(f.Start, f.End, l.Start, l.End));

            var salad = d.Flaws.Where(f => f.Kind == FlawKind.WordSalad).Select(f => new TextSpan(f.Start, f.End)).ToHashSet();
            Assert.True(salad.SetEquals(a.SaladSentences), d.Id);

            var jumps = d.Flaws.Where(f => f.Kind == FlawKind.TopicJump).ToList();
            foreach (var s in a.OffTopicSentences) Assert.Contains(jumps, j => j.Start <= s.Start && s.End <= j.End);
            foreach (var j in jumps) Assert.Contains(a.OffTopicSentences, s => Overlaps(j.Start, j.End, s.Start, s.End));
        }
    }

    [Fact]
    public void DocumentsWithoutFlaws_AreCleanAndComeBackUnchanged()
    {
        int clean = 0;
        foreach (var d in Documents.Where(d => d.Flaws.Count == 0))
        {
            Assert.True(small.Analyzer.Analyze(d.Text).IsClean, d.Id);
            Assert.Same(d.Text, small.Analyzer.Correct(d.Text));
            clean++;
        }
        Assert.True(clean > 100);
    }

    [Fact]
    public void CorrectedFlawedDocuments_HoldNoFlaw_AndCorrectingAgainChangesNothing()
    {
        foreach (var d in Documents.Where(d => d.Flaws.Count > 0))
        {
            string corrected = small.Analyzer.Correct(d.Text);
            Assert.True(small.Analyzer.Analyze(corrected).IsClean, d.Id + "\n" + corrected);
            Assert.Same(corrected, small.Analyzer.Correct(corrected));
            // A false value is corrected in place, unless its whole sentence goes (a topic jump).
            var jumps = d.Flaws.Where(f => f.Kind == FlawKind.TopicJump).ToList();
            foreach (var f in d.Flaws.Where(f => f.Kind == FlawKind.Misconception && !jumps.Any(j => j.Start <= f.Start && f.End <= j.End)))
                Assert.Contains(f.Truth!, corrected);
        }
    }

    [Fact]
    public void HostileContinuations_AreCorrectedWithoutTouchingThePrefix()
    {
        foreach (var u in small.World.Unsafe)
        {
            string corrected = small.Analyzer.Correct(u.Suffix, u.Prefix);
            Assert.True(small.Analyzer.Analyze(corrected, u.Prefix).IsClean, u.Id);
            if (small.Analyzer.Analyze(u.Suffix, u.Prefix).IsClean) Assert.Same(u.Suffix, corrected);
        }
    }

    [Fact]
    public void Documents_AreAsLongAsConfigured()
    {
        foreach (var d in small.World.Train)
        {
            int words = d.Text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.InRange(words, SmallWorld.Settings.MinWords, SmallWorld.Settings.MaxWords + 160);
        }
    }

    [Fact]
    public void EveryKind_Appears_AndDialoguesHaveSpeakerLines()
    {
        var kinds = small.World.Train.GroupBy(d => d.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, kinds.Count);
        Assert.All(small.World.Train.Where(d => d.Kind == DocumentKind.Dialogue),
            d => Assert.Matches(@"\n(Host|Student|Teacher|[A-Z][a-z]+ [A-Z][a-z]+): ", d.Text));
    }
}
