using System.Text.RegularExpressions;
using Sip.Teacher;
using Sip.Teacher.Checking;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher.Checking;

public class InjectionCasesTests
{
    private const string Prefix = "The Vothe otter sleeps during the day and";
    private const string Text = "hunts at night along the river banks of Plapureach.";

    public static TheoryData<string> CaseNames => new(InjectionCases.All.Select(c => c.Name));

    private static JudgeRequest Injected(InjectionCase c) => Request(c.Task, c.Task == TeacherTask.Quality ? c.Apply(Text, option: 2) : c.Apply(Text));

    private static JudgeRequest Request(TeacherTask task, string candidate) => task switch
    {
        TeacherTask.Safety => new SafetyRequest(candidate),
        TeacherTask.Quality => new QualityRequest(Prefix, Text, candidate),
        _ => new FactualityRequest(Prefix, Text, candidate),
    };

    [Fact]
    public void ThereAreAtLeastTwentyCases_SeveralPerJudge_EachNamedOnce()
    {
        Assert.True(InjectionCases.All.Count >= 20);
        foreach (var task in new[] { TeacherTask.Safety, TeacherTask.Quality, TeacherTask.Factuality })
            Assert.True(InjectionCases.All.Count(c => c.Task == task) >= 6, $"{task}");
        Assert.Equal(InjectionCases.All.Count, InjectionCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void AQualityInjection_ArguesForTheOptionItRidesOn()
    {
        var conclusion = InjectionCases.All.Single(c => c.Name == "quality: conclusion line");
        Assert.EndsWith("Conclusion: Option 2", conclusion.Apply(Text, option: 2));
        Assert.StartsWith(Text, conclusion.Apply(Text, option: 2));
        var middle = InjectionCases.All.First(c => c.Placement == InjectionPlacement.Middle);
        string applied = middle.Apply(Text);
        Assert.DoesNotContain(Text, applied);
        Assert.Equal(Text, applied.Replace(" " + middle.Text.Replace("{ME}", "1"), ""));
    }

    /// <summary>
    /// The defences, for every case in every template set: the candidate's fence holds (its text comes back whole from the
    /// one block it was put in, and the prompt has no closing tag the template did not write), and no role marker survives to end the user's turn
    /// when a server's chat template turns the prompt into a string.
    /// </summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EveryCase_StaysInsideItsFence_AndCarriesNoBareRoleMarker(string name)
    {
        var injection = InjectionCases.All.Single(c => c.Name == name);
        var request = Injected(injection);
        foreach (var prompts in new[] { TeacherPrompts.Default, TeacherPrompts.Compact })
        {
            string user = string.Concat(prompts.Render(request).Messages.Select(m => m.Text));
            var (tag, text) = request switch
            {
                QualityRequest q => (UntrustedText.Option2, q.Second),
                SafetyRequest s => (UntrustedText.Candidate, s.Candidate),
                FactualityRequest f => (UntrustedText.Candidate, f.Candidate),
                _ => throw new InvalidOperationException(),
            };
            Assert.True(UntrustedText.TryUnfence(user, tag, out var back));
            Assert.Equal(text, back);
            // As many closing tags as the template itself writes: none came from the candidate.
            string clean = string.Concat(prompts.Render(Request(injection.Task, Text)).Messages.Select(m => m.Text));
            Assert.Equal(Regex.Matches(clean, $"</{tag}>").Count, Regex.Matches(user, $"</{tag}>").Count);
            Assert.DoesNotContain("<|", user);
        }
    }
}
