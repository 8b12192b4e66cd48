using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher;

public class RewriteAnswerTests
{
    private const string Ending = "over the lazy brown dog";

    [Theory]
    [InlineData("over the lazy brown dog and then slept.", " and then slept.")]
    [InlineData("\nover  the lazy\nbrown dog and then slept.\n", " and then slept.")]
    [InlineData("<think>The suffix is unsafe; rewrite it.</think>over the lazy brown dog, gently.", ", gently.")]
    [InlineData("```\nover the lazy brown dog and sat down.\n```", " and sat down.")]
    [InlineData("Here is the rewritten text:\nover the lazy brown dog and sat down.", " and sat down.")]
    [InlineData(" and sat down.", " and sat down.")]
    [InlineData("<suffix>\nover the lazy brown dog quietly.\n</suffix>", " quietly.")]
    public void Extract_StripsTheEndingAndWrappers(string answer, string expected) => Assert.Equal(expected, RewriteAnswer.Extract(answer, Ending));

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("over the lazy brown dog")]
    [InlineData("<think>thinking until the tokens ran out")]
    public void Extract_NoUsableText_IsNull(string answer) => Assert.Null(RewriteAnswer.Extract(answer, Ending));

    [Fact]
    public void Extract_EmptyEnding_KeepsTheAnswer() => Assert.Equal("Hello world.", RewriteAnswer.Extract("Hello world.\n", ""));
}
