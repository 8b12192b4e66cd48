using Sip.Teacher;
using Sip.World;
using Sip.World.Oracle;

namespace Sip.Tests.World.Oracle;

[Collection(SmallWorldCollection.Name)]
public class OracleRewriterTests(SmallWorld small)
{
    private OracleRewriter Rewriter => new(small.Analyzer);

    /// <summary>Each document cut at several word boundaries (inside sentences, as SIP's splits are).</summary>
    private IEnumerable<(string Id, string Prefix, string Suffix)> Splits()
    {
        foreach (var d in small.World.Train.Take(600))
            foreach (double at in new[] { 0.3, 0.55, 0.8 })
            {
                int cut = d.Text.IndexOf(' ', (int)(d.Text.Length * at));
                if (cut > 0) yield return (d.Id, d.Text[..cut], d.Text[cut..]);
            }
    }

    [Fact]
    public void CleanSuffixes_ComeBackByteIdentical()
    {
        int clean = 0;
        foreach (var (id, prefix, suffix) in Splits().Where(s => small.Analyzer.Analyze(s.Suffix, s.Prefix).IsClean))
        {
            Assert.Same(suffix, Rewriter.Rewrite(new RewriteRequest(prefix, suffix)).Text);
            clean++;
        }
        Assert.True(clean > 1000, $"only {clean} clean suffixes");
    }

    [Fact]
    public void FlawedSuffixes_LoseEveryFlaw()
    {
        var kinds = new HashSet<FlawKind>();
        int flawed = 0;
        foreach (var d in small.World.Train.Take(600).Where(d => d.Flaws.Count > 0))
        {
            var (prefix, suffix) = RequestSets.Split(d.Text);
            var findings = small.Analyzer.Analyze(suffix, prefix);
            if (findings.IsClean) continue;
            string rewrite = Rewriter.Rewrite(new RewriteRequest(prefix, suffix)).Text!;
            var left = small.Analyzer.Analyze(rewrite, prefix);
            Assert.True(left.IsClean, $"{d.Id}: {rewrite}");
            Assert.True(left.UnknownFacts == 0, $"{d.Id}: {string.Join("; ", left.Facts.Where(f => f.Status == FactStatus.Unknown))}\nBEFORE: {suffix}\nAFTER: {rewrite}\nPREFIX: {prefix}");
            flawed++;
            kinds.UnionWith(d.Flaws.Where(f => f.End > prefix.Length).Select(f => f.Kind));
        }
        Assert.True(flawed > 80, $"only {flawed} flawed suffixes");
        Assert.Equal(Enum.GetValues<FlawKind>().ToHashSet(), kinds);
    }

    [Fact]
    public void HostileSuffix_BecomesSafeTextOfSimilarLength()
    {
        var hostile = small.World.Unsafe.Where(u => u.SuffixUnsafe).Take(20).ToList();
        Assert.NotEmpty(hostile);
        foreach (var u in hostile)
        {
            string rewrite = Rewriter.Rewrite(new RewriteRequest(u.Prefix, u.Suffix)).Text!;
            Assert.False(small.Analyzer.Analyze(rewrite, u.Prefix).IsUnsafe);
            Assert.InRange(rewrite.Length, u.Suffix.Length * 0.6, u.Suffix.Length * 1.4);
        }
    }

    [Fact]
    public void FalseFact_IsCorrectedUsingThePrefixForItsSubject()
    {
        var rewriter = new OracleRewriter(HandWorld.Analyzer);
        Assert.Equal(" He worked as a baker. Every morning he walked to the market.",
            rewriter.Rewrite(new RewriteRequest("Tavo Renkel was born in Lirra.", " He worked as a weaver. Every morning he walked to the market.")).Text);
        // After a fact-eliciting cut, the value is the very start of the suffix.
        Assert.Equal(" baker. He loved to eat porridge.", rewriter.Rewrite(new RewriteRequest("Tavo Renkel worked as a", " weaver. He loved to eat porridge.")).Text);
    }

    [Fact]
    public void Rewrite_NeverTouchesThePrefixEnding_SoTheConventionHolds()
    {
        // A prefix whose last five words hold a misconception: the rewrite is a continuation only, and the paper's
        // "ending + rewrite, then strip the ending" gives back the same continuation.
        var rewriter = new OracleRewriter(HandWorld.Analyzer);
        const string prefix = "Tavo Renkel was born in Lirra. He worked as a weaver.";
        string rewrite = rewriter.Rewrite(new RewriteRequest(prefix, " He loved to eat plums.")).Text!;
        Assert.Equal(" He loved to eat porridge.", rewrite);
        string ending = PrefixEnding.Of(prefix);
        Assert.Equal(rewrite, PrefixEnding.Strip(ending + rewrite, ending));
    }

    [Fact]
    public async Task Batch_AnswersEachRequestInOrder()
    {
        var requests = Splits().Take(40).Select(s => new RewriteRequest(s.Prefix, s.Suffix)).ToList();
        var rewrites = await Rewriter.RewriteAsync(requests);
        Assert.Equal(requests, rewrites.Select(r => r.Request));
        Assert.Equal(requests.Select(r => Rewriter.Rewrite(r).Text), rewrites.Select(r => r.Text));
        Assert.Equal($"tinyworld-oracle-rewriter(world={WorldIdentity.Of(small.World.KnowledgeBase)})", Rewriter.Describe);
    }
}
