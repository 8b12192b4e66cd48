using System.CommandLine;
using Sip.Interop;

namespace Sip.Cli.Commands;

/// <summary><c>sip import</c>: a Hugging Face Llama-family folder as a sip checkpoint folder.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var command = new Command("import", "Converts a Hugging Face Llama-family model folder (config.json, safetensors, tokenizer.json) into a sip checkpoint folder.");
        var source = new Option<string>("--from") { Description = "The Hugging Face model folder.", Required = true };
        var output = new Option<string>("--out") { Description = "The sip checkpoint folder to write.", Required = true };
        var maxSeqLen = new Option<int?>("--max-seq-len") { Description = "Cap the context (max_position_embeddings) to this many tokens." };
        command.Options.Add(source);
        command.Options.Add(output);
        command.Options.Add(maxSeqLen);
        command.SetAction(parse =>
        {
            var result = HuggingFaceImporter.Import(parse.GetValue(source)!, parse.GetValue(output)!, parse.GetValue(maxSeqLen));
            var c = result.Config;
            Console.WriteLine($"wrote {result.Folder}: {result.Tensors} tensors from {result.SourceFiles.Count} file(s); " +
                $"dim {c.Dim}, {c.Layers} layers, {c.Heads} heads ({c.KvHeads} kv), vocab {c.VocabSize}, context {c.MaxSeqLen}, " +
                $"{c.ParameterCount / 1e6:F1} M parameters");
            return 0;
        });
        return command;
    }
}
