using Sip.Platform;

namespace Sip.Tests.Platform;

public class ElfVersionNeedsTests
{
    private const string Missing = LibTorchSharpCompat.MissingVersion;

    [Fact]
    public void ShippedLibrary_NeedsGlibcxx3432_Strongly()
    {
        var needs = ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(PristineLibrary.Path));
        var need = Assert.Single(needs, n => n.Version == Missing);
        Assert.Equal("libstdc++.so.6", need.Library);
        Assert.False(need.IsWeak);
        Assert.Contains(needs, n => n.Version == "GLIBC_2.2.5");
    }

    [Fact]
    public void MarkWeak_ChangesOnlyThatVersionsFlags_AndIsIdempotent()
    {
        var original = File.ReadAllBytes(PristineLibrary.Path);
        var patched = (byte[])original.Clone();

        Assert.Equal(1, ElfVersionNeeds.MarkWeak(patched, Missing));
        Assert.Equal(0, ElfVersionNeeds.MarkWeak(patched, Missing));

        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.Single(differing); // one flag bit in one 16-bit field
        var after = ElfVersionNeeds.ReadNeeds(patched);
        Assert.True(after.Single(n => n.Version == Missing).IsWeak);
        Assert.All(after.Where(n => n.Version != Missing), n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void SystemLibStdCxx_DefinitionsAreReadable()
    {
        var versions = LibTorchSharpCompat.SystemLibStdCxxVersions();
        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("GLIBCXX_3.4.30", versions);
    }

    [Fact]
    public void NonElfInput_IsRejectedClearly()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.ReadNeeds("not an elf file at all, just text........................................."u8));
        Assert.Contains("not an ELF", error.Message);
    }
}
