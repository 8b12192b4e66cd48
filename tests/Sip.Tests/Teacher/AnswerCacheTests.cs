using Microsoft.Data.Sqlite;
using Sip.Teacher;
using Sip.Teacher.Cache;
using Sip.Teacher.Prompts;
using Sip.Tests.Metrics;

namespace Sip.Tests.Teacher;

public class AnswerCacheTests
{
    private static readonly RenderedPrompt Prompt = TeacherPrompts.Default.Render(new SafetyRequest("hello"));

    [Fact]
    public void Key_ChangesWithEveryInputThatChangesTheQuestion()
    {
        var key = CacheKey.Of(Prompt, "m", "T=1", 0);
        Assert.Equal(key, CacheKey.Of(Prompt, "m", "T=1", 0));
        Assert.NotEqual(key, CacheKey.Of(Prompt, "m", "T=1", 1));
        Assert.NotEqual(key, CacheKey.Of(Prompt, "m2", "T=1", 0));
        Assert.NotEqual(key, CacheKey.Of(Prompt, "m", "T=0.7", 0));
        Assert.NotEqual(key, CacheKey.Of(TeacherPrompts.Default.Render(new SafetyRequest("hello!")), "m", "T=1", 0));
        Assert.Equal(64, key.ToString().Length);
    }

    [Fact]
    public void PutThenGet_SurvivesReopening_AndKeepsTheFirstAnswer()
    {
        using var folder = new TempDirectory();
        var key = CacheKey.Of(Prompt, "m", "T=1", 0);
        using (var cache = new AnswerCache(folder.File("sub/cache.sqlite")))
        {
            Assert.Null(cache.TryGet(key));
            cache.Put(key, new CachedAnswer("FINAL DECISION: YES", Truncated: false), "m");
            cache.Put(key, new CachedAnswer("FINAL DECISION: NO", Truncated: true), "m");
        }
        using var reopened = new AnswerCache(folder.File("sub/cache.sqlite"));
        Assert.Equal(new CachedAnswer("FINAL DECISION: YES", false), reopened.TryGet(key));
        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public void TwoConnections_WritingAtOnce_LoseNothing()
    {
        using var folder = new TempDirectory();
        string path = folder.File("shared.sqlite");
        using var first = new AnswerCache(path);
        using var second = new AnswerCache(path);
        // Each writer stores 200 answers of its own and 100 that both write, interleaved on two threads.
        Parallel.Invoke(
            () => Write(first, "a", 200),
            () => Write(second, "b", 200),
            () => Write(first, "shared", 100),
            () => Write(second, "shared", 100));

        Assert.Equal(500, first.Count);
        Assert.Equal("b-199", second.TryGet(Key("b", 199))?.Text);
        Assert.Equal("shared-42", first.TryGet(Key("shared", 42))?.Text);
        Assert.Equal("wal", JournalMode(path));
    }

    [Fact]
    public void Open_UnusablePath_IsAnInputError()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("not-a-folder"), "x");
        var error = Assert.Throws<SipInputException>(() => new AnswerCache(folder.File("not-a-folder/cache.sqlite")));
        Assert.Contains("cannot open the teacher cache", error.Message);
    }

    [Theory]
    [InlineData("~/sip/cache.sqlite", "sip/cache.sqlite")]
    [InlineData("~", "")]
    public void ExpandHome_LeadingTilde_IsTheHomeFolder(string path, string underHome) =>
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), underHome), AnswerCache.ExpandHome(path));

    [Theory]
    [InlineData("cache.sqlite")]
    [InlineData("/tmp/~/cache.sqlite")]
    [InlineData("~user/cache.sqlite")]
    public void ExpandHome_OtherPaths_AreUnchanged(string path) => Assert.Equal(path, AnswerCache.ExpandHome(path));

    private static CacheKey Key(string group, int i) => CacheKey.Of(Prompt, group, "T=1", i);

    private static void Write(AnswerCache cache, string group, int count)
    {
        for (int i = 0; i < count; i++) cache.Put(Key(group, i), new CachedAnswer($"{group}-{i}", false), group);
    }

    private static string JournalMode(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return (string)command.ExecuteScalar()!;
    }
}
