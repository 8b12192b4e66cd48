namespace Sip.Tests.Settings;

/// <summary>A temporary file holding the given text, deleted afterwards.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string text, string extension = ".json")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sip-settings-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(Path, text);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
