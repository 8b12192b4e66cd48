using System.CommandLine;
using Sip.Platform;
using static TorchSharp.torch;

namespace Sip.Cli.Commands;

internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Checks that libtorch loads and reports the platform workarounds in effect.");
        command.SetAction(_ =>
        {
            var status = NativeRuntime.Status;
            Console.WriteLine($"libtorch threads : {get_num_threads()}");
            Console.WriteLine($"LibTorchSharp    : {status.LibTorchSharp.Outcome} - {status.LibTorchSharp.Detail}");
            Console.WriteLine($"MKL CPU dispatch : {status.Mkl.Outcome} - {status.Mkl.Detail}");
            Console.WriteLine($"OpenMP waiting   : {status.OpenMp.Outcome} - {status.OpenMp.Detail}");
            Console.WriteLine($"MKL threading    : {status.MklThreads.Outcome} - {status.MklThreads.Detail}");
            Console.WriteLine($"scalar release   : {status.Scalars.Outcome} - {status.Scalars.Detail}");
            Console.WriteLine($"malloc retention : {status.Malloc.Outcome} - {status.Malloc.Detail}");
            Console.WriteLine($"decode threads   : {ThreadIntraOp.Describe()}");
            using var a = ones(64, 64);
            var sum = a.matmul(a).sum().item<float>();
            Console.WriteLine($"matmul check     : {(sum == 64 * 64 * 64 ? "ok" : $"WRONG ({sum})")}");
            return sum == 64 * 64 * 64 ? 0 : 1;
        });
        return command;
    }
}
