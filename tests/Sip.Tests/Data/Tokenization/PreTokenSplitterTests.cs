using Sip.Data.Tokenization;

namespace Sip.Tests.Data.Tokenization;

public class PreTokenSplitterTests
{
    [Fact]
    public void Llama3_CutsWordsWithTheirSpace_DigitsInThrees_PunctuationWithItsNewlines()
    {
        var pieces = PreTokenSplitter.Llama3.Split("Hello world's 12345!!\n\n  x");

        Assert.Equal(["Hello", " world", "'s", " ", "123", "45", "!!\n\n", " ", " x"], pieces);
    }

    [Fact]
    public void Gpt2_KeepsWholeNumbersAndTheSpaceBeforeThem()
    {
        var pieces = PreTokenSplitter.Gpt2.Split("Hello world's 12345!!");

        Assert.Equal(["Hello", " world", "'s", " 12345", "!!"], pieces);
    }

    [Fact]
    public void Split_SeveralPatterns_ApplyInTurn_AndGapsArePiecesToo()
    {
        var splitter = new PreTokenSplitter(["-", @"\d"]);

        Assert.Equal(["ab", "-", "c", "1", "d", "-", "2"], splitter.Split("ab-c1d-2"));
    }

    [Theory]
    [InlineData("hi there", new[] { " hi", " there" })]
    [InlineData(" hi", new[] { " hi" })]
    [InlineData("", new string[0])]
    public void AddPrefixSpace_PrependsOneSpaceUnlessThereIsOne(string text, string[] expected)
    {
        var splitter = new PreTokenSplitter([PreTokenSplitter.Gpt2Pattern], addPrefixSpace: true);

        Assert.Equal(expected, splitter.Split(text));
    }

    [Fact]
    public void Split_PiecesJoinBackToTheText()
    {
        foreach (var text in TestCorpus.Documents(50, seed: 4).Concat(ByteLevelBpeTokenizerTests.SampleTexts))
        {
            Assert.Equal(text, string.Concat(PreTokenSplitter.Llama3.Split(text)));
        }
    }
}
