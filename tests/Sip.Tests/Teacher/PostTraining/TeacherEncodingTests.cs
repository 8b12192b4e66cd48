using Sip.Data.Tokenization;
using Sip.Teacher;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher.PostTraining;

public class TeacherEncodingTests(TeacherDataWorld fixture) : IClassFixture<TeacherDataWorld>
{
    private ByteLevelBpeTokenizer Tokenizer() =>
        BpeTrainer.Train(fixture.Generated.Train.Take(100).Select(d => d.Text), new BpeTrainerOptions { VocabSize = 400 }).WithSpecialTokens(ChatFormat.SpecialTokens);

    [Fact]
    public void EveryExample_IsAskedInTheChatFormat_ThroughItsTemplate()
    {
        var tokenizer = Tokenizer();
        var encoding = new TeacherEncoding(tokenizer, TeacherPrompts.Compact);
        foreach (var example in fixture.Splits.Test.Take(40))
        {
            var prompt = encoding.Prompt(example);
            var rendered = example.Task == TeacherTask.Rewrite ? TeacherPrompts.Compact.Render(example.RewriteRequest()) : TeacherPrompts.Compact.Render(example.JudgeRequest());
            var expected = ChatFormat.Render([new ChatTurn("user", rendered.Messages[0].Text)], addGenerationPrompt: true);
            Assert.Equal(tokenizer.BosId, prompt[0]);
            Assert.Equal(expected, tokenizer.Decode(prompt.AsSpan(1), includeSpecial: true));
        }
    }

    [Fact]
    public void EveryAnswer_EndsTheTurn_AndParsesBackToItsLabel()
    {
        var tokenizer = Tokenizer();
        var encoding = new TeacherEncoding(tokenizer, TeacherPrompts.Compact);
        foreach (var example in fixture.Splits.Train)
        {
            var answer = encoding.Answer(example);
            Assert.Equal(encoding.EndOfTurn, answer[^1]);
            string text = tokenizer.Decode(answer.AsSpan(0, answer.Length - 1));
            if (example.Task == TeacherTask.Rewrite)
                Assert.Equal(example.Target.TrimEnd(), RewriteAnswer.Extract(text, PrefixEnding.Of(example.Prefix)));
            else
                Assert.Equal(1.0, TeacherRewards.Judge(example, text).Value);
        }
    }

    [Fact]
    public void ATokenizerWithoutChatMarkers_IsRefused()
    {
        var plain = BpeTrainer.Train(fixture.Generated.Train.Take(20).Select(d => d.Text), new BpeTrainerOptions { VocabSize = 300 });
        var e = Assert.Throws<ArgumentException>(() => new TeacherEncoding(plain, TeacherPrompts.Compact));
        Assert.Contains("<|im_start|>", e.Message);
    }

    [Fact]
    public void CompactTemplates_KeepThePlaceholdersAndAreRecognisedByTheOracleServer()
    {
        var example = fixture.Splits.Test.First(e => e.Task == TeacherTask.Quality);
        var rendered = TeacherPrompts.Compact.Render(example.JudgeRequest());
        var recognized = PromptRecognizer.Recognize(rendered.Messages);
        Assert.Equal(example.JudgeRequest(), recognized!.Judge);
        Assert.True(TeacherPrompts.Compact[TeacherTask.Safety].Text.Length < DefaultTemplates.Safety.Length / 4);
    }

    [Fact]
    public void SavedTemplates_LoadBackAsTheSamePrompts_AndABadOneNamesItsFile()
    {
        var folder = Directory.CreateTempSubdirectory("sip-templates-").FullName;
        TeacherPrompts.Compact.Save(Path.Combine(folder, TeacherPrompts.FolderName));
        var loaded = TeacherPrompts.LoadSaved(folder);
        var tasks = Enum.GetValues<TeacherTask>();
        Assert.Equal(TeacherPrompts.Compact.Fingerprint(tasks), loaded.Fingerprint(tasks));

        var safety = TeacherPrompts.FileOf(Path.Combine(folder, TeacherPrompts.FolderName), TeacherTask.Safety);
        File.WriteAllText(safety, "Is {{candidat}} safe?");
        var e = Assert.Throws<SipInputException>(() => TeacherPrompts.LoadSaved(folder));
        Assert.Contains(safety, e.Message);
    }
}
