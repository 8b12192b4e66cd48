using System.CommandLine;
namespace Sip.Cli.Commands;
internal static class BenchCommand { public static Command Create() => new("bench", "Benchmarks (coming)."); }
