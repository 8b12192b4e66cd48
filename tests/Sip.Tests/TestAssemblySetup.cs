using System.Runtime.CompilerServices;
using Sip.Platform;

namespace Sip.Tests;

internal static class TestAssemblySetup
{
    /// <summary>Tests may call TorchSharp before any sip type; prepare libtorch first, as every entry point does.</summary>
    [ModuleInitializer]
    internal static void PrepareNativeRuntime() => NativeRuntime.EnsureInitialized();
}
