using Sip.Platform;
var status = NativeRuntime.EnsureInitialized();
Console.WriteLine(status);
using var a = TorchSharp.torch.randn(256, 256);
Console.WriteLine(TorchSharp.torch.mm(a, a).sum().item<float>());
Console.WriteLine(MklCpuDispatchFix.ShimProvider());
