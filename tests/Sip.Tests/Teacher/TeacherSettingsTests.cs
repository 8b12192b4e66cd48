using Sip.Metrics;
using System.CommandLine;
using Sip.Cli.Settings;
using Sip.Evaluation;
using Sip.Settings;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Training.SelfImproving;

namespace Sip.Tests.Teacher;

public class TeacherSettingsTests
{
    private static SipSettings Bind(params string[] args)
    {
        var command = new RootCommand("train");
        var binder = new SettingsBinder<SipSettings>(command);
        var parse = command.Parse([.. args, "--tokenizer", "gpt2", "--data.train", "train.jsonl"]);
        Assert.Empty(parse.Errors);
        return binder.Bind(parse);
    }

    [Fact]
    public void Defaults_HaveNoChatGroup_AndValidate()
    {
        var settings = new SipSettings { Tokenizer = "gpt2", Data = new Sip.Training.DataSettings { Train = "train.jsonl" } };
        Assert.Null(settings.Teacher.Chat);
        Assert.Empty(SettingsValidator.Problems(settings));
        Assert.Empty(SettingsValidator.Problems(new EvalSettings { Checkpoint = "c", Sets = ["s.jsonl"] }));
    }

    [Fact]
    public void CommandLine_ChatOptions_CreateTheChatGroup()
    {
        var settings = Bind("--teacher.kind", "chat", "--teacher.chat.baseUrl", "http://127.0.0.1:9000/v1", "--teacher.chat.model", "judge",
            "--teacher.chat.samples", "5", "--teacher.chat.quality.topP", "0.9");

        Assert.Equal(TeacherKind.Chat, settings.Teacher.Kind);
        Assert.Equal(new ChatTeacherSettings { BaseUrl = "http://127.0.0.1:9000/v1", Model = "judge", Samples = 5, Quality = new ChatSampling { Temperature = 1.0, TopP = 0.9 } },
            settings.Teacher.Chat);
        Assert.Empty(settings.Teacher.ProblemsWhenNeeded());
    }

    [Fact]
    public void CommandLine_ChatGroupWithoutAModel_IsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<SipInputException>(() => Bind("--teacher.chat.baseUrl", "http://127.0.0.1:9000/v1"));
        Assert.Equal("teacher.chat.model: must name the model the server serves", error.Message);
    }

    [Fact]
    public void Help_ListsTheChatSettings()
    {
        var command = new RootCommand("train");
        _ = new SettingsBinder<SipSettings>(command);
        var names = command.Options.Select(o => o.Name).ToList();
        Assert.Contains("--teacher.chat.model", names);
        Assert.Contains("--teacher.chat.coherence.temperature", names);
        Assert.Contains("--teacher.chat.reasks", names);
    }

    [Fact]
    public void SettingsFile_RoundTripsTheChatGroup_NullOrSet()
    {
        var none = new TeacherSettings { World = "w" };
        var chat = new TeacherSettings { Kind = TeacherKind.Chat, Chat = new ChatTeacherSettings { Model = "m", Seed = 3, Reasks = 2 } };
        Assert.Contains("\"chat\": null", SettingsFile.ToJson(none));
        Assert.Equal(none, SettingsFile.Parse<TeacherSettings>(SettingsFile.ToJson(none), "t.json"));
        Assert.Equal(chat, SettingsFile.Parse<TeacherSettings>(SettingsFile.ToJson(chat), "t.json"));
        Assert.Equal(chat with { Chat = new ChatTeacherSettings { Model = "m" } },
            SettingsFile.Parse<TeacherSettings>("{\"kind\": \"chat\", \"chat\": {\"model\": \"m\"}}", "t.json"));
    }

    [Fact]
    public void Create_ChatKindWithoutChatSettings_SaysWhatToSet()
    {
        var error = Assert.Throws<SipInputException>(() => TeacherFactory.Create(new TeacherSettings { Kind = TeacherKind.Chat }));
        Assert.Equal("teacher.chat: teacher: a chat teacher needs teacher.chat.model and teacher.chat.baseUrl (the OpenAI-compatible server)", error.Message);
    }

    [Fact]
    public void Create_ChatKind_GivesTheChatJudgeAndRewriter_AndTheTeacherBehindThem()
    {
        var settings = new TeacherSettings { Kind = TeacherKind.Chat, Chat = new ChatTeacherSettings { Model = "m", ApiKeyVariable = "SIP_FACTORY_KEY" } };
        using var handle = TeacherFactory.Create(settings, environment: name => name == "SIP_FACTORY_KEY" ? "k" : null);
        var (judge, rewriter) = handle;

        Assert.Same(handle.Chat!.Judge, judge);
        Assert.Same(handle.Chat.Rewriter, rewriter);
        Assert.IsAssignableFrom<ITeacherMetrics>(judge);
        Assert.Equal(MetricNames.Teacher.Where(n => n.StartsWith("judge/", StringComparison.Ordinal)), ((ITeacherMetrics)judge).Snapshot().Keys);
        Assert.Equal(MetricNames.Teacher.Where(n => n.StartsWith("rewrite/", StringComparison.Ordinal)), ((ITeacherMetrics)rewriter).Snapshot().Keys);
    }
}
