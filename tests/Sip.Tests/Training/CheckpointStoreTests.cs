using Sip.Training.Checkpointing;

namespace Sip.Tests.Training;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sip-ckpt-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Save_MakesTheNewestLatest_AndKeepsOnlyTheLastN()
    {
        var store = new CheckpointStore(_dir, keepLast: 2);
        foreach (var step in new[] { 10, 20, 30 }) store.Save(step, f => File.WriteAllText(Path.Combine(f, "x"), $"{step}"));

        Assert.Equal(Path.Combine(_dir, "step-0000030"), store.Latest());
        Assert.Equal(["step-0000020", "step-0000030"], Directory.GetDirectories(_dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void AFailedSave_LeavesThePreviousCheckpointLatestAndNoDebris()
    {
        var store = new CheckpointStore(_dir, keepLast: 2);
        store.Save(10, f => File.WriteAllText(Path.Combine(f, "x"), "good"));

        Assert.Throws<IOException>(() => store.Save(20, f =>
        {
            File.WriteAllText(Path.Combine(f, "x"), "half");
            throw new IOException("disk full");
        }));

        Assert.Equal(Path.Combine(_dir, "step-0000010"), store.Latest());
        Assert.Equal(["latest", "step-0000010"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void ALatestPointerToAMissingCheckpoint_IsReportedNotIgnored()
    {
        File.WriteAllText(Path.Combine(_dir, "latest"), "step-0000099\n");
        var error = Assert.Throws<SipInputException>(() => new CheckpointStore(_dir, 1).Latest());
        Assert.Contains("step-0000099", error.Message);
    }

    [Fact]
    public void ALatestPointerThatNamesNoCheckpoint_IsReportedWithItsFileAndLine()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "notes"));
        File.WriteAllText(Path.Combine(_dir, "latest"), "notes\n");
        var error = Assert.Throws<SipInputException>(() => new CheckpointStore(_dir, 1).LatestStep());
        Assert.Equal(Path.Combine(_dir, "latest"), error.Location);
        Assert.Equal(1, error.Line);
        Assert.Contains("not a checkpoint folder", error.Message);
    }
}
