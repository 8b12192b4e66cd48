using System.CommandLine;
using Sip.Training;

namespace Sip.Cli.Commands;

/// <summary>Runs the parsed command and turns the errors a user can fix into one clear line and an exit code.</summary>
internal static class CommandRunner
{
    public const int InputError = 2;
    public const int Diverged = 3;

    public static int Invoke(RootCommand root, string[] args)
    {
        try
        {
            // System.CommandLine's own handler would print a stack trace and exit 1; sip's errors are handled below.
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (SipInputException e)
        {
            Console.Error.WriteLine($"sip: error: {e.Message}");
            return InputError;
        }
        catch (TrainingDivergedException e)
        {
            Console.Error.WriteLine($"sip: {e.Message}");
            return Diverged;
        }
    }

    /// <summary>Ctrl+C asks the running job to stop after its current step (with a checkpoint) instead of killing it.</summary>
    public static CancellationTokenSource CancelOnCtrlC()
    {
        var source = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (source.IsCancellationRequested) return; // a second Ctrl+C kills
            e.Cancel = true;
            Console.Error.WriteLine("sip: stopping after the current step (Ctrl+C again to abort)...");
            source.Cancel();
        };
        return source;
    }
}
