using System.ComponentModel;

namespace Sip.Model;

/// <summary>
/// Shape of a Llama-architecture decoder (RMSNorm, rotary embeddings, SwiGLU, optional grouped-query attention and
/// tied embeddings). Names follow Hugging Face's LlamaConfig where one exists, so imported configs map one to one.
/// </summary>
public sealed record LlamaConfig : Sip.Settings.ISettingsValidation
{
    [Description("Vocabulary size, special tokens included; 0 takes the tokenizer's.")]
    public int VocabSize { get; init; }

    [Description("Width of the residual stream (hidden_size).")]
    public int Dim { get; init; } = 256;

    [Description("Number of decoder blocks (num_hidden_layers).")]
    public int Layers { get; init; } = 4;

    [Description("Attention heads for queries (num_attention_heads).")]
    public int Heads { get; init; } = 4;

    [Description("Attention heads for keys and values (num_key_value_heads); fewer than Heads gives grouped-query attention.")]
    public int KvHeads { get; init; } = 4;

    [Description("Width of the SwiGLU feed-forward layer (intermediate_size); 0 picks Llama's rule: 8/3 of Dim rounded up to a multiple of 64.")]
    public int HiddenDim { get; init; }

    [Description("Longest sequence the model attends over (max_position_embeddings): prefix + continuation + BOS.")]
    public int MaxSeqLen { get; init; } = 256;

    [Description("Rotary embedding base frequency (rope_theta).")]
    public double RopeTheta { get; init; } = 10000.0;

    [Description("Rotary frequency scaling for long contexts (rope_scaling); none by default.")]
    public RopeScaling RopeScaling { get; init; } = new();

    [Description("Epsilon inside RMSNorm (rms_norm_eps).")]
    public double NormEps { get; init; } = 1e-5;

    [Description("Share the input embedding matrix with the output projection (tie_word_embeddings).")]
    public bool TieEmbeddings { get; init; }

    [Description("Standard deviation of the initial weights (initializer_range).")]
    public double InitStd { get; init; } = 0.02;

    public int HeadDim => Dim / Heads;

    public int FeedForwardDim => HiddenDim > 0 ? HiddenDim : (8 * Dim / 3 + 63) / 64 * 64;

    public IEnumerable<string> Validate()
    {
        if (VocabSize is 1 or < 0) yield return $"vocabSize: must be at least 2, got {VocabSize}";
        if (Dim < 1 || Layers < 1 || Heads < 1 || KvHeads < 1) yield return "dim, layers, heads, kvHeads: must all be positive";
        else
        {
            if (Dim % Heads != 0) yield return $"dim: must be a multiple of heads ({Heads}), got {Dim}";
            else if (HeadDim % 2 != 0) yield return $"heads: dim/heads (the head width, {HeadDim}) must be even for rotary embeddings";
            if (Heads % KvHeads != 0) yield return $"kvHeads: must divide heads ({Heads}), got {KvHeads}";
        }
        if (MaxSeqLen < 2) yield return $"maxSeqLen: must be at least 2, got {MaxSeqLen}";
        if (RopeTheta <= 0) yield return $"ropeTheta: must be positive, got {RopeTheta}";
        foreach (var problem in RopeScaling.Validate()) yield return problem;
        if (NormEps <= 0) yield return $"normEps: must be positive, got {NormEps}";
        if (HiddenDim < 0) yield return $"hiddenDim: must be 0 (automatic) or positive, got {HiddenDim}";
    }

    /// <summary>Parameters, embeddings included (the output projection counted once when tied).</summary>
    public long ParameterCount => NonEmbeddingParameterCount + (long)VocabSize * Dim * (TieEmbeddings ? 1 : 2);

    /// <summary>Parameters of the decoder blocks and final norm: the "N" of the 6N FLOPs-per-token rule.</summary>
    public long NonEmbeddingParameterCount
    {
        get
        {
            long attention = (long)Dim * HeadDim * (Heads * 2 + KvHeads * 2);
            long mlp = 3L * Dim * FeedForwardDim;
            return Layers * (attention + mlp + 2L * Dim) + Dim;
        }
    }
}
