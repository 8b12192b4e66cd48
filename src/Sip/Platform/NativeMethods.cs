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
}
