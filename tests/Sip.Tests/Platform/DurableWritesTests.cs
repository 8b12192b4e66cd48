using Sip.Platform;

namespace Sip.Tests.Platform;

public sealed class DurableWritesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sip-durable-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void FlushingAFolder_SyncsItsFilesAndSubfolders_AndLeavesThemUnchanged()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "nested"));
        File.WriteAllText(Path.Combine(_dir, "trainer.json"), "{\"step\":3}");
        File.WriteAllBytes(Path.Combine(_dir, "nested", "model.safetensors"), [1, 2, 3]);

        SipPaths.FlushToDisk(_dir);

        Assert.Equal("{\"step\":3}", File.ReadAllText(Path.Combine(_dir, "trainer.json")));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Path.Combine(_dir, "nested", "model.safetensors")));
    }

    [Fact]
    public void SyncingAFolderThatIsNotThere_SaysWhich()
    {
        if (!OperatingSystem.IsLinux()) return;
        var missing = Path.Combine(_dir, "gone");
        var error = Assert.Throws<IOException>(() => SipPaths.SyncDirectory(missing));
        Assert.Contains(missing, error.Message);
    }
}
