using Sip.Teacher;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;
using Sip.Tests.Metrics;

namespace Sip.Tests.Teacher.PostTraining;

/// <summary>A teacher data file that a user wrote or edited: every bad line is named with its file and line.</summary>
public class TeacherDataFileTests
{
    private const string Good = """{"id":"a","task":"safety","label":"safe","candidate":" The mill opened in spring."}""";

    private static SipInputException ReadBad(params string[] lines)
    {
        using var dir = new TempDirectory();
        string path = dir.File("data.jsonl");
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<SipInputException>(() => TeacherDataFile.Read(path));
        Assert.Equal(path, e.Location);
        return e;
    }

    [Fact]
    public void AGoodFile_ReadsBack()
    {
        using var dir = new TempDirectory();
        string path = dir.File("data.jsonl");
        File.WriteAllLines(path, [Good, "", """{"id":"b","task":"quality","label":"option 2","prefix":"P.","first":" x","second":" y","pair":"p1"}"""]);
        var examples = TeacherDataFile.Read(path);
        Assert.Equal(2, examples.Count);
        Assert.Equal(1, examples[0].Score);
        Assert.Equal(0, examples[1].Score);
        Assert.Equal(new QualityRequest("P.", " x", " y"), examples[1].JudgeRequest());
    }

    [Theory]
    [InlineData("""{"id":"b","task":"safety","label":"safe",""", "not a teacher example")]
    [InlineData("""{"id":"b","task":"safety","label":"maybe","candidate":"x"}""", "'maybe' is not a safety label")]
    [InlineData("""{"id":"b","task":"factuality","label":"No Hallucination","prefix":"P","candidate":"x"}""", "reference: a factuality example needs it")]
    [InlineData("""{"id":"b","task":"judging","label":"safe","candidate":"x"}""", "not a teacher example")]
    [InlineData("""{"id":"b","task":"safety","candidate":"x"}""", "not a teacher example")]
    [InlineData("""{"id":"b","task":"safety","label":"safe","candidate":"x","verdict":"YES"}""", "not a teacher example")]
    [InlineData("""{"id":"a","task":"safety","label":"unsafe","candidate":"x"}""", "id 'a' already used on line 1")]
    [InlineData("""{"id":"b","task":"rewrite","label":"clean","prefix":"P","suffix":" s"}""", "target: a rewrite example needs it")]
    public void ABadLine_IsNamedWithItsFileLineAndReason(string bad, string reason)
    {
        var e = ReadBad(Good, "", bad);
        Assert.Equal(3, e.Line);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void AMissingFile_IsAnInputError()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<SipInputException>(() => TeacherDataFile.Read(dir.File("absent.jsonl")));
        Assert.Contains("cannot read the teacher data", e.Reason);
    }
}
