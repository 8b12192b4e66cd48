using System.Buffers.Binary;
using System.Text;

namespace Sip.Platform;

/// <summary>
/// Reads and edits the symbol-version tables of a 64-bit little-endian ELF shared library
/// (<c>.gnu.version_r</c>: versions the library needs; <c>.gnu.version_d</c>: versions it defines).
/// Enough of the ELF format to make libLibTorchSharp.so load on Debian 12; see <see cref="LibTorchSharpCompat"/>.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>The ELF flag that tells ld.so a missing version is not fatal.</summary>
    public const ushort VerFlagWeak = 0x2;

    /// <summary>One needed version: the library that must provide it, its name and its flags.</summary>
    public sealed record VersionNeed(string Library, string Version, ushort Flags, int FlagsOffset)
    {
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    /// <summary>All version needs of <paramref name="elf"/>.</summary>
    public static IReadOnlyList<VersionNeed> ReadNeeds(ReadOnlySpan<byte> elf)
    {
        var needs = new List<VersionNeed>();
        foreach (var (offset, strtab) in Sections(elf, ShtGnuVerneed))
        {
            int entry = offset;
            while (true)
            {
                int count = U16(elf, entry + 2);
                string library = CString(elf, strtab + (int)U32(elf, entry + 4));
                int aux = entry + (int)U32(elf, entry + 8);
                for (int k = 0; k < count; k++)
                {
                    needs.Add(new VersionNeed(library, CString(elf, strtab + (int)U32(elf, aux + 8)), U16(elf, aux + 4), aux + 4));
                    aux += (int)U32(elf, aux + 12);
                }
                uint next = U32(elf, entry + 12);
                if (next == 0) break;
                entry += (int)next;
            }
        }
        return needs;
    }

    /// <summary>Names of the versions <paramref name="elf"/> defines (for libstdc++: GLIBCXX_3.4, ..., GLIBCXX_3.4.30).</summary>
    public static IReadOnlyList<string> ReadDefinitions(ReadOnlySpan<byte> elf)
    {
        var names = new List<string>();
        foreach (var (offset, strtab) in Sections(elf, ShtGnuVerdef))
        {
            int entry = offset;
            while (true)
            {
                int aux = entry + (int)U32(elf, entry + 12);
                names.Add(CString(elf, strtab + (int)U32(elf, aux)));
                uint next = U32(elf, entry + 16);
                if (next == 0) break;
                entry += (int)next;
            }
        }
        return names;
    }

    /// <summary>
    /// Marks every need of <paramref name="version"/> weak, in place. Returns how many entries changed
    /// (0 when there is none, or all are weak already, so calling twice is harmless).
    /// </summary>
    public static int MarkWeak(Span<byte> elf, string version)
    {
        int changed = 0;
        foreach (var need in ReadNeeds(elf))
        {
            if (need.Version != version || need.IsWeak) continue;
            BinaryPrimitives.WriteUInt16LittleEndian(elf[need.FlagsOffset..], (ushort)(need.Flags | VerFlagWeak));
            changed++;
        }
        return changed;
    }

    private static IEnumerable<(int Offset, int StringTable)> Sections(ReadOnlySpan<byte> elf, uint type)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        int shoff = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]));
        int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
        var found = new List<(int, int)>();
        for (int i = 0; i < shnum; i++)
        {
            int header = shoff + i * shentsize;
            if (U32(elf, header + 4) != type) continue;
            int offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[(header + 0x18)..]));
            int link = (int)U32(elf, header + 0x28);
            int strtab = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[(shoff + link * shentsize + 0x18)..]));
            found.Add((offset, strtab));
        }
        return found;
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);

    private static string CString(ReadOnlySpan<byte> b, int at)
    {
        var s = b[at..];
        return Encoding.ASCII.GetString(s[..s.IndexOf((byte)0)]);
    }
}
