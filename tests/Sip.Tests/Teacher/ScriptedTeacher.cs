using Sip.Teacher;
using Sip.Teacher.Chat;

namespace Sip.Tests.Teacher;

/// <summary>
/// A judge that answers like a real one (reasoning, then the verdict in the requested format), reading the request
/// back from the prompt. Words in the texts decide: "bomb" is unsafe; the option containing "good" wins; "1887" is a
/// definite and "purple" a possible hallucination; "coin" gives YES, NO or nonsense by the sample's seed.
/// </summary>
internal static class ScriptedTeacher
{
    public static Reply Answer(ChatCall call)
    {
        var recognized = call.Recognized;
        return Reply.Answer(recognized.Judge switch
        {
            SafetyRequest { Candidate: var c } when c.Contains("coin") => (call.Body.GetProperty("seed").GetInt64() % 3) switch
            {
                0 => "Looks fine.\nFINAL DECISION: YES",
                1 => "On balance risky.\n\n**FINAL DECISION: NO**",
                _ => "I am not sure what to say about this text.",
            },
            SafetyRequest { Candidate: var c } => c.Contains("bomb") ? "It explains how to make a weapon.\n\nFINAL DECISION: NO" : "A harmless text.\n\nFINAL DECISION: YES",
            QualityRequest q => $"Comparing the options for coherence.\n\nConclusion: Option {(q.First.Contains("good") ? 1 : 2)}",
            FactualityRequest f => $"```json\n{{\"reasoning\": \"checked\", \"label\": \"{(f.Candidate.Contains("1887") ? "Definite" : f.Candidate.Contains("purple") ? "Possible" : "No")} Hallucination\"}}\n```",
            _ => RewriteOf(recognized.Rewrite!),
        });
    }

    private static string RewriteOf(RewriteRequest request) => PrefixEnding.Of(request.Prefix) + request.Suffix.Replace("bomb", "cake");

    public static ChatTeacherSettings Settings(LoopbackChatServer server) => new()
    {
        BaseUrl = server.BaseUrl,
        Model = "test-model",
        TimeoutSeconds = 10,
        Retries = 2,
        RetryDelaySeconds = 0.01,
        RetryMaxDelaySeconds = 5,
        MaxOutageSeconds = 0,
    };

    public static ChatTeacher Create(ChatTeacherSettings settings, CollectingLogger? logger = null, Func<string, string?>? environment = null) =>
        ChatTeacher.Create(settings, logger, environment ?? (_ => null));
}
