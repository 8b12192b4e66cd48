using LLama;
using LLama.Common;
using LLama.Native;

namespace Sip.Tests.Interop;

/// <summary>A GGUF model loaded by llama.cpp (LLamaSharp) for tests: decode raw token ids, read logits, tokenize.</summary>
internal sealed class LlamaCppSession : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;

    private LlamaCppSession(LLamaWeights weights, LLamaContext context)
    {
        _weights = weights;
        _context = context;
    }

    public static LlamaCppSession Open(string path, int contextSize)
    {
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)contextSize, BatchSize = (uint)contextSize, UBatchSize = (uint)contextSize, Threads = 1, GpuLayerCount = 0,
            // llama.cpp caches keys and values in F16 by default; F32 keeps the comparison with sip's fp32 cache fair.
            TypeK = GGMLType.GGML_TYPE_F32, TypeV = GGMLType.GGML_TYPE_F32,
            // Its CPU flash-attention kernel rounds queries to F16; the plain path stays in F32.
            FlashAttention = false,
        };
        var weights = LLamaWeights.LoadFromFile(parameters);
        return new LlamaCppSession(weights, weights.CreateContext(parameters));
    }

    public int VocabCount => _weights.Vocab.Count;

    /// <summary>Decodes <paramref name="tokens"/> from position 0 in sequence 0 and returns the logits of every position.</summary>
    public float[][] DecodePrompt(IReadOnlyList<int> tokens)
    {
        var batch = new LLamaBatch();
        for (int i = 0; i < tokens.Count; i++) batch.Add(tokens[i], i, (LLamaSeqId)0, logits: true);
        Check(_context.NativeHandle.Decode(batch));
        return Enumerable.Range(0, tokens.Count).Select(i => _context.NativeHandle.GetLogitsIth(i).ToArray()).ToArray();
    }

    /// <summary>Greedy tokens after a prompt of <paramref name="position"/> tokens whose last logits are <paramref name="logits"/>.</summary>
    public int[] GreedyContinue(float[] logits, int position, int count)
    {
        var output = new int[count];
        var batch = new LLamaBatch();
        for (int step = 0; step < count; step++)
        {
            output[step] = ArgMax(logits);
            if (step == count - 1) break;
            batch.Clear();
            batch.Add(output[step], position++, (LLamaSeqId)0, logits: true);
            Check(_context.NativeHandle.Decode(batch));
            logits = _context.NativeHandle.GetLogitsIth(0).ToArray();
        }
        return output;
    }

    /// <summary>llama.cpp's own tokenization of <paramref name="text"/>, without BOS and with special-token parsing off.</summary>
    public int[] Tokenize(string text) =>
        _weights.NativeHandle.Tokenize(text, false, false, System.Text.Encoding.UTF8).Select(t => (int)t).ToArray();

    /// <summary>llama.cpp's tokenization of a rendered chat prompt: BOS added, special tokens (role markers) parsed.</summary>
    public int[] TokenizeChat(string text) =>
        _weights.NativeHandle.Tokenize(text, true, true, System.Text.Encoding.UTF8).Select(t => (int)t).ToArray();

    /// <summary>The file's chat template as llama.cpp applies it to <paramref name="turns"/>, opening the assistant's answer.</summary>
    public string ApplyChatTemplate(IReadOnlyList<Sip.Data.Tokenization.ChatTurn> turns) =>
        Sip.Teacher.Gguf.GgufChatTemplate.Resolve(Sip.Teacher.Gguf.GgufChatTemplate.ModelTemplate, _weights.NativeHandle, "model.gguf").Render(turns);

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode failed: {result}");
    }

    public void Dispose()
    {
        _context.Dispose();
        _weights.Dispose();
    }
}
