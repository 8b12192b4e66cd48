using System.CommandLine;
using Sip.Cli.Settings;
using Sip.Model.Generation;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Cli.Commands;

internal static class GenerateCommand
{
    public static Command Create()
    {
        var command = new Command("generate", "Continues prompts with a trained checkpoint (KV-cached, batched).");
        var binder = new SettingsBinder<GenerateSettings>(command);
        command.SetAction(parse =>
        {
            var settings = binder.Bind(parse);
            var folder = CheckpointLocator.Resolve(settings.Checkpoint);
            var tokenizer = PolicyCheckpoint.LoadTokenizer(folder);
            using var model = PolicyCheckpoint.LoadModel(folder);
            model.eval();
            var prompts = settings.Prompt is { Length: > 0 } one ? new List<string> { one } : [];
            if (settings.PromptFile is { } file)
            {
                if (!File.Exists(file)) throw new SipInputException(file, null, "prompt file not found");
                prompts.AddRange(File.ReadLines(file).Where(l => l.Length > 0));
            }
            if (prompts.Count == 0) throw new SipInputException("prompt", null, "give at least one --prompt or a --promptFile");

            var encoded = prompts.Select(p => (int[])[tokenizer.BosId, .. tokenizer.Encode(p)]).ToList();
            using var generator = new Generator((ulong)settings.Seed);
            var continuations = TextGenerator.Generate(model, encoded, settings.Samples, settings.MaxNewTokens, settings.Sampling,
                generator, settings.StopAtEos ? tokenizer.EosId : null, tokenizer.PadId);
            Console.WriteLine($"checkpoint: {folder}");
            foreach (var c in continuations)
            {
                Console.WriteLine($"--- prompt {c.PromptIndex + 1}, sample {c.SampleIndex + 1}{(c.Stopped ? " (stopped at EOS)" : "")}");
                Console.WriteLine(prompts[c.PromptIndex] + "▌" + tokenizer.Decode(c.Tokens));
            }
            return 0;
        });
        return command;
    }
}
