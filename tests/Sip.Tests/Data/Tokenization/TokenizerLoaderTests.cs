using Sip.Data.Tokenization;

namespace Sip.Tests.Data.Tokenization;

public class TokenizerLoaderTests
{
    [Theory]
    [InlineData("gpt2")]
    [InlineData("GPT2")]
    public void Load_Gpt2_IsTheGpt2Tokenizer(string spec)
    {
        Assert.Same(Gpt2Tokenizer.Instance, TokenizerLoader.Load(spec));
    }

    [Fact]
    public void Load_PathToFile_ReadsIt()
    {
        using var directory = TinyTokenizerJson.Write(TinyTokenizerJson.Gpt2Style(), "custom-name.json");

        var tokenizer = TokenizerLoader.Load(directory.File("custom-name.json"));

        Assert.Equal([TinyTokenizerJson.Hell, 'o'], tokenizer.Encode("hello"));
    }

    [Fact]
    public void Load_Directory_ReadsItsTokenizerJson()
    {
        using var directory = new TempDirectory();
        TestCorpus.TrainSmall().Save(directory.File(TokenizerLoader.FileName));

        var tokenizer = TokenizerLoader.Load(directory.Path, SpecialTokenNames.Sip);

        Assert.Equal(TestCorpus.TrainSmall().Encode("kalo mi ter"), tokenizer.Encode("kalo mi ter"));
    }

    [Fact]
    public void Load_MissingPath_IsAnInputErrorNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), "sip-no-such-" + Guid.NewGuid().ToString("N"), "tokenizer.json");

        var error = Assert.Throws<SipInputException>(() => TokenizerLoader.Load(path));

        Assert.Equal(path, error.Location);
        Assert.Contains("no such file", error.Reason);
    }

    [Fact]
    public void Load_DirectoryWithoutTokenizerJson_IsAnInputError()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<SipInputException>(() => TokenizerLoader.Load(directory.Path));

        Assert.Equal(directory.Path, error.Location);
        Assert.Contains("has no tokenizer.json", error.Reason);
    }

    [Fact]
    public void Load_MalformedFile_IsAnInputErrorNamingTheFile()
    {
        using var directory = TinyTokenizerJson.Write("[1, 2, 3]");

        var error = Assert.Throws<SipInputException>(() => TokenizerLoader.Load(directory.Path));

        Assert.Equal(directory.File(), error.Location);
        Assert.Contains("not a JSON object", error.Reason);
    }
}
