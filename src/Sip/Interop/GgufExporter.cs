using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Interop;

/// <summary>
/// Writes a sip checkpoint as a GGUF file for llama.cpp's "llama" architecture: hyperparameters and the tokenizer as
/// metadata, weights under llama.cpp's names, q and k permuted to llama.cpp's interleaved rotary layout
/// (<see cref="LlamaCppLayout"/>), norms in F32 and the other weights in the chosen type. Llama-3 rope scaling is
/// carried as llama.cpp's rope_freqs.weight (the per-frequency divisors).
/// </summary>
public static class GgufExporter
{
    /// <summary>What an export wrote, and caveats a user should know.</summary>
    public sealed record Result(string Path, int Tensors, long Bytes, IReadOnlyList<string> Notes);

    /// <param name="checkpoint">a sip checkpoint folder, or a run folder (its latest checkpoint)</param>
    /// <param name="path">the .gguf file to write</param>
    /// <param name="dtype">type of every weight except norms (and rope_freqs), which stay F32</param>
    /// <param name="name">general.name; the checkpoint folder's name when null</param>
    public static Result Export(string checkpoint, string path, ExportDType dtype = ExportDType.F32, string? name = null)
    {
        var folder = CheckpointLocator.Resolve(checkpoint);
        var tokenizer = PolicyCheckpoint.LoadTokenizer(folder) as ByteLevelBpeTokenizer
            ?? throw new SipInputException(folder, null, "GGUF export needs a tokenizer.json tokenizer (its vocabulary and merges go into the file); this checkpoint uses a built-in one");
        using var model = PolicyCheckpoint.LoadModel(folder);
        var notes = new List<string>();
        Write(model, tokenizer, path, dtype, name ?? System.IO.Path.GetFileName(folder.TrimEnd('/')), notes, PolicyCheckpoint.LoadChatTemplate(folder));
        return new Result(System.IO.Path.GetFullPath(path), GgufReader.Read(path).Tensors.Count, new FileInfo(path).Length, notes);
    }

    /// <summary>Writes <paramref name="model"/> and <paramref name="tokenizer"/> (and a chat template, where the checkpoint has one) to <paramref name="path"/>; caveats go to <paramref name="notes"/>.</summary>
    public static void Write(LlamaModel model, ByteLevelBpeTokenizer tokenizer, string path, ExportDType dtype, string name, List<string> notes, string? chatTemplate = null)
    {
        var c = model.Config;
        if (tokenizer.VocabSize > c.VocabSize)
            throw new SipInputException(path, null, $"the tokenizer has {tokenizer.VocabSize} ids but the model only {c.VocabSize} embedding rows");
        var vocabulary = GgufVocabulary.From(tokenizer, c.VocabSize);
        if (vocabulary.PreTokenizer == "default")
            notes.Add("the tokenizer's pre-tokenizer regex is neither Llama-3's nor GPT-2's, so llama.cpp will cut text with its default regex and may tokenize differently (token ids fed directly are unaffected)");
        else if (vocabulary.PreTokenizer == GgufVocabulary.Llama3PreTokenizer && !tokenizer.IgnoreMerges)
            notes.Add("llama.cpp's llama-bpe pre-tokenizer also ignores merges for pieces found whole in the vocabulary; this tokenizer does not, so rare pieces may tokenize differently in llama.cpp");

        var writer = new GgufWriter();
        writer.AddString("general.architecture", "llama");
        writer.AddString("general.name", name);
        writer.AddUInt32("general.file_type", dtype switch { ExportDType.F16 => 1u, ExportDType.BF16 => 32u, _ => 0u });
        writer.AddUInt32("llama.vocab_size", (uint)c.VocabSize);
        writer.AddUInt32("llama.context_length", (uint)c.MaxSeqLen);
        writer.AddUInt32("llama.embedding_length", (uint)c.Dim);
        writer.AddUInt32("llama.block_count", (uint)c.Layers);
        writer.AddUInt32("llama.feed_forward_length", (uint)c.FeedForwardDim);
        writer.AddUInt32("llama.attention.head_count", (uint)c.Heads);
        writer.AddUInt32("llama.attention.head_count_kv", (uint)c.KvHeads);
        writer.AddFloat32("llama.rope.freq_base", (float)c.RopeTheta);
        writer.AddUInt32("llama.rope.dimension_count", (uint)c.HeadDim);
        writer.AddFloat32("llama.attention.layer_norm_rms_epsilon", (float)c.NormEps);

        writer.AddString("tokenizer.ggml.model", "gpt2");
        writer.AddString("tokenizer.ggml.pre", vocabulary.PreTokenizer);
        writer.AddStrings("tokenizer.ggml.tokens", vocabulary.Tokens);
        writer.AddInt32s("tokenizer.ggml.token_type", vocabulary.TokenTypes);
        writer.AddStrings("tokenizer.ggml.merges", vocabulary.Merges);
        writer.AddUInt32("tokenizer.ggml.bos_token_id", (uint)tokenizer.BosId);
        writer.AddUInt32("tokenizer.ggml.eos_token_id", (uint)tokenizer.EosId);
        writer.AddUInt32("tokenizer.ggml.padding_token_id", (uint)tokenizer.PadId);
        // sip starts every sequence with BOS and never ends one with EOS by itself; llama.cpp's tokenizer does the same.
        writer.AddBool("tokenizer.ggml.add_bos_token", true);
        writer.AddBool("tokenizer.ggml.add_eos_token", false);
        if (chatTemplate is not null) writer.AddString("tokenizer.chat_template", chatTemplate);

        using var scope = NewDisposeScope();
        var weightType = dtype switch { ExportDType.F16 => GgmlType.F16, ExportDType.BF16 => GgmlType.BF16, _ => GgmlType.F32 };
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach());
        foreach (var weight in LlamaTensorLayout.Weights(c))
        {
            var tensor = parameters[weight.Name];
            if (weight.Name.EndsWith("self_attn.q_proj.weight", StringComparison.Ordinal)) tensor = LlamaCppLayout.Permute(tensor, c.Heads);
            else if (weight.Name.EndsWith("self_attn.k_proj.weight", StringComparison.Ordinal)) tensor = LlamaCppLayout.Permute(tensor, c.KvHeads);
            writer.AddTensor(LlamaTensorLayout.ToGguf(weight.Name), tensor, LlamaTensorLayout.IsNorm(weight.Name) ? GgmlType.F32 : weightType);
        }
        if (!c.RopeScaling.IsNone)
        {
            // llama.cpp divides each base frequency θ^(-2i/d) by rope_freqs[i]; the ratio reproduces the scaled frequencies.
            var plain = new RopeScaling().InverseFrequencies(c.HeadDim, c.RopeTheta);
            var scaled = c.RopeScaling.InverseFrequencies(c.HeadDim, c.RopeTheta);
            writer.AddTensor("rope_freqs.weight", tensor(plain.Zip(scaled, (p, s) => (float)(p / s)).ToArray()), GgmlType.F32);
        }
        writer.Write(path);
    }
}
