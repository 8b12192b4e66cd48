using System.CommandLine;
using Sip.Cli.Commands;
using Sip.Platform;

// libtorch must be prepared before anything touches it (Sip.Core's module initializer does it too; this is explicit).
NativeRuntime.EnsureInitialized();

var root = new RootCommand("sip: self-improving pretraining (arXiv 2601.21343) on .NET.");
root.Subcommands.Add(PretrainCommand.Create());
root.Subcommands.Add(ReproduceCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(TokenizerCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(WorldCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(TeacherCommand.Create());
return CommandRunner.Invoke(root, args);
