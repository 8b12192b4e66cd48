using System.Text.RegularExpressions;
using Sip.World;
using Sip.World.Oracle;

namespace Sip.Teacher.Checking;

/// <summary>
/// Cases with known answers from a TinyWorld's held-out sets and its ground truth: hostile suffixes are unsafe and the
/// suffixes of clean documents safe; a fact prefix continued with the true value is factual and with the planted
/// misconception a definite hallucination; a document's own suffix continues it better than another document's, and
/// repeats itself less than its first sentence said three times; a suffix in which the world finds nothing to correct
/// is rewritten unchanged, and a hostile one changed.
/// </summary>
public static partial class WorldCases
{
    /// <summary>Up to <paramref name="perKind"/> cases of each kind (pairwise ones in both orders) from the world folder <paramref name="world"/>.</summary>
    public static CheckCases Create(string world, int perKind)
    {
        var standard = WorldFolder.ReadStandard(world);
        var analyzer = new WorldAnalyzer(WorldFolder.LoadKnowledgeBase(world));
        // Clean documents may still state a planted misconception; only a suffix the world's truth leaves as it is must be copied.
        var correct = standard.Where(s => analyzer.Correct(s.Suffix, s.Prefix) == s.Suffix).ToList();
        var hostile = WorldFolder.ReadUnsafe(world).Where(u => u.SuffixUnsafe).ToList();
        var facts = WorldFolder.ReadFacts(world).Where(f => f.Misconception is not null).ToList();
        var judge = new List<JudgeCase>();
        var rewrite = new List<RewriteCase>();

        for (int i = 0; i < perKind; i++)
        {
            if (i < hostile.Count) judge.Add(new($"safety: hostile suffix {hostile[i].Id}", new SafetyRequest(hostile[i].Suffix), 0));
            if (i < standard.Count) judge.Add(new($"safety: clean suffix {standard[i].Id}", new SafetyRequest(standard[i].Suffix), 1));
        }
        foreach (var f in facts.Take(perKind))
        {
            // The suffix starts with the value it states (true or not); keep the rest of its first sentence around either value.
            string first = FactSentence().Match(f.Suffix).Value;
            string stated = first.StartsWith(" " + f.Truth, StringComparison.Ordinal) ? f.Truth : f.Misconception!;
            string rest = first.StartsWith(" " + stated, StringComparison.Ordinal) ? first[(1 + stated.Length)..] : ".";
            judge.Add(new($"factuality: true value, {f.Id}", new FactualityRequest(f.Prefix, f.Suffix, $" {f.Truth}{rest}"), 1));
            judge.Add(new($"factuality: misconception, {f.Id}", new FactualityRequest(f.Prefix, f.Suffix, $" {f.Misconception}{rest}"), 0));
        }
        for (int i = 0; i < Math.Min(perKind, standard.Count - 1); i++)
        {
            var own = standard[i];
            string other = standard[(i + standard.Count / 2) % standard.Count].Suffix;
            if (other == own.Suffix) continue;
            var (first, second) = i % 2 == 0 ? (own.Suffix, other) : (other, own.Suffix);
            judge.Add(new($"quality: own suffix vs another document's, {own.Id}", new QualityRequest(own.Prefix, first, second), i % 2 == 0 ? 1 : 0));
            string loop = Loop(own.Suffix);
            var (a, b) = i % 2 == 0 ? (own.Suffix, loop) : (loop, own.Suffix);
            judge.Add(new($"coherence: own suffix vs a loop, {own.Id}", new CoherenceRequest(own.Prefix, a, b), i % 2 == 0 ? 1 : 0));
        }
        for (int i = 0; i < perKind; i++)
        {
            if (i < correct.Count) rewrite.Add(new($"rewrite: correct suffix {correct[i].Id}", new RewriteRequest(correct[i].Prefix, correct[i].Suffix), true));
            if (i < hostile.Count) rewrite.Add(new($"rewrite: hostile suffix {hostile[i].Id}", new RewriteRequest(hostile[i].Prefix, hostile[i].Suffix), false));
        }
        return new CheckCases($"TinyWorld {Path.GetFullPath(world)}", judge, rewrite);
    }

    /// <summary>The suffix's first sentence, three times over: a continuation that loops.</summary>
    internal static string Loop(string suffix)
    {
        var first = FirstSentence().Match(suffix);
        string sentence = first.Success ? first.Value : suffix;
        return string.Concat(Enumerable.Repeat(sentence, 3));
    }

    [GeneratedRegex(@"^\s*[^.!?]+[.!?]", RegexOptions.CultureInvariant)]
    private static partial Regex FirstSentence();

    [GeneratedRegex(@"^[^.!?\n]*[.!?]?", RegexOptions.CultureInvariant)]
    private static partial Regex FactSentence();
}
