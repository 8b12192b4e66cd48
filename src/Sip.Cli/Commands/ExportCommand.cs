using System.CommandLine;
using Sip.Interop;

namespace Sip.Cli.Commands;

/// <summary><c>sip export</c>: a checkpoint as a Hugging Face folder (safetensors) or a llama.cpp GGUF file.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", "Writes a checkpoint as a Hugging Face LlamaForCausalLM folder (--format safetensors) or a llama.cpp GGUF file (--format gguf).");
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint folder, or a run folder (its latest checkpoint).", Required = true };
        var format = new Option<string>("--format") { Description = "safetensors (a Hugging Face folder) or gguf (one file).", DefaultValueFactory = _ => "safetensors" };
        var output = new Option<string>("--out") { Description = "Folder to write (safetensors) or .gguf file (gguf).", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "f32, f16 or bf16 (GGUF norms stay f32).", DefaultValueFactory = _ => "f32" };
        command.Options.Add(checkpoint);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(dtype);
        command.SetAction(parse =>
        {
            var type = ExportDTypes.Parse(parse.GetValue(dtype)!);
            string from = parse.GetValue(checkpoint)!, to = parse.GetValue(output)!;
            IReadOnlyList<string> notes;
            switch (parse.GetValue(format)!.Trim().ToLowerInvariant())
            {
                case "safetensors" or "hf":
                    var folder = HuggingFaceExporter.Export(from, to, type);
                    Console.WriteLine($"wrote {folder.Folder}: {string.Join(", ", folder.Files.Select(Path.GetFileName))}");
                    notes = folder.Notes;
                    break;
                case "gguf":
                    var file = GgufExporter.Export(from, to, type);
                    Console.WriteLine($"wrote {file.Path}: {file.Tensors} tensors, {file.Bytes / 1e6:F1} MB");
                    notes = file.Notes;
                    break;
                case var other:
                    throw new SipInputException("--format", null, $"'{other}' is not safetensors or gguf");
            }
            foreach (var note in notes) Console.WriteLine($"note: {note}");
            return 0;
        });
        return command;
    }
}
