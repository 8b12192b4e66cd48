using System.Runtime.InteropServices;

namespace Sip.Platform;

/// <summary>The few libc entry points the platform workarounds need.</summary>
internal static partial class NativeMethods
{
    public const int RtldNow = 0x002;
    public const int RtldGlobal = 0x100;

    [StructLayout(LayoutKind.Sequential)]
    public struct DlInfo
    {
        public IntPtr dli_fname;
        public IntPtr dli_fbase;
        public IntPtr dli_sname;
        public IntPtr dli_saddr;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr dlopen(string file, int mode);

    [LibraryImport("libc")]
    public static partial IntPtr dlerror();

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr dlsym(IntPtr handle, string symbol);

    [LibraryImport("libc")]
    public static partial int dladdr(IntPtr address, out DlInfo info);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr getenv(string name);

    /// <summary>A variable of the process's native environment (where libgomp and glibc read theirs), or null.</summary>
    public static string? GetNativeEnvironment(string name) => Marshal.PtrToStringAnsi(getenv(name));

    [LibraryImport("libc")]
    public static partial int mallopt(int parameter, int value);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fsync(int fd);

    [LibraryImport("libc")]
    public static partial int close(int fd);

    public const int RtldNoLoad = 0x004;

    /// <summary>
    /// The paths of the files mapped into the process, from <c>/proc/self/maps</c> (address, permissions, offset,
    /// device, inode, then the path, which may hold spaces); none where it cannot be read.
    /// </summary>
    public static IReadOnlyList<string> MappedFiles()
    {
        try
        {
            return File.ReadLines("/proc/self/maps")
                .Select(l => l.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(f => f.Length == 6 && f[5].StartsWith('/')).Select(f => f[5]).Distinct().ToList();
        }
        catch (IOException) { return []; }
    }

    /// <summary>The full path of a mapped file whose name starts with <paramref name="fileNamePrefix"/>, or null.</summary>
    public static string? MappedLibrary(string fileNamePrefix) =>
        MappedFiles().FirstOrDefault(p => Path.GetFileName(p).StartsWith(fileNamePrefix, StringComparison.Ordinal));

    /// <summary>The address of <paramref name="symbol"/> in an already loaded library, or zero.</summary>
    public static IntPtr LoadedSymbol(string? libraryPath, string symbol)
    {
        if (libraryPath is null) return IntPtr.Zero;
        var handle = dlopen(libraryPath, RtldNow | RtldNoLoad);
        return handle == IntPtr.Zero ? IntPtr.Zero : dlsym(handle, symbol);
    }
}
