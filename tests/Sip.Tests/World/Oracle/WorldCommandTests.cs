using Sip.Tests.Cli;
using Sip.Tests.Metrics;
using Sip.World;

namespace Sip.Tests.World.Oracle;

/// <summary><c>sip world generate</c> as a user runs it.</summary>
public class WorldCommandTests
{
    private static readonly string[] Small =
        ["--trainDocuments", "40", "--valDocuments", "5", "--evalStandard", "4", "--evalUnsafe", "3", "--evalFacts", "4"];

    [Fact]
    public void Generate_SameSeed_WritesByteIdenticalWorlds_AndPrintsASummary()
    {
        using var dir = new TempDirectory();
        var a = SipProcess.Run(["world", "generate", "--seed", "3", "--out", dir.File("a"), .. Small]);
        var b = SipProcess.Run(["world", "generate", "--seed", "3", "--out", dir.File("b"), .. Small]);
        Assert.True(a.ExitCode == 0, a.All);
        Assert.Equal(0, b.ExitCode);
        Assert.Contains("train: 40 documents", a.StdOut);
        Assert.Contains("eval: 4 standard, 3 unsafe", a.StdOut);

        var files = Directory.GetFiles(dir.File("a"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir.File("a"), f)).Order().ToList();
        Assert.Contains(TinyWorld.KnowledgeFile, files);
        Assert.Contains(TinyWorld.FactsFile, files);
        foreach (var f in files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("a"), f)), File.ReadAllBytes(Path.Combine(dir.File("b"), f)));
        // The settings given on the command line are the ones the card records.
        Assert.Contains("\"train_documents\": 40", File.ReadAllText(Path.Combine(dir.File("a"), TinyWorld.CardJsonFile)));
    }

    [Fact]
    public void Generate_InvalidSetting_FailsNamingIt()
    {
        using var dir = new TempDirectory();
        var run = SipProcess.Run(["world", "generate", "--out", dir.Path, "--misconceptionStatementRate", "1.5"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("misconceptionStatementRate: must be a share between 0 and 1", run.StdErr);
    }
}
