using Sip.Model;

namespace Sip.Benchmarks;

/// <summary>FLOP counts of a Llama forward/backward, as MFU reports use them (PaLM appendix B).</summary>
public static class ModelFlops
{
    /// <summary>Parameters that take part in matmuls: the blocks and the output projection (an embedding lookup is not a matmul).</summary>
    public static long MatmulParameters(LlamaConfig c) => c.NonEmbeddingParameterCount + (long)c.VocabSize * c.Dim;

    /// <summary>Training FLOPs per token: 6N for forward and backward of the weights, plus 12·layers·dim·context for attention scores.</summary>
    public static double TrainingPerToken(LlamaConfig c, int context) => 6.0 * MatmulParameters(c) + 12.0 * c.Layers * c.Dim * context;

    /// <summary>Training FLOPs per token that is not projected to the vocabulary (a shared prefix's tokens): 6N without the output projection.</summary>
    public static double TrainingPerTokenWithoutHead(LlamaConfig c, int context) => TrainingPerToken(c, context) - 6.0 * c.VocabSize * c.Dim;

    /// <summary>Forward FLOPs per token (a third of training): 2N plus 4·layers·dim·context.</summary>
    public static double ForwardPerToken(LlamaConfig c, int context) => 2.0 * MatmulParameters(c) + 4.0 * c.Layers * c.Dim * context;
}
