using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Sip.Model.Caching;
using Sip.Settings;

namespace Sip.Model;

/// <summary>
/// The policy network: a Llama-architecture decoder. Parameter names match Hugging Face's LlamaForCausalLM without its
/// "model." prefix (embed_tokens, layers.N.self_attn.q_proj, ..., norm, lm_head), so checkpoints map one to one.
/// </summary>
public sealed class LlamaModel : nn.Module<Tensor, Tensor>
{
    public readonly Embedding embed_tokens;
    public readonly ModuleList<DecoderBlock> layers;
    public readonly RmsNorm norm;
    public readonly Linear? lm_head;
    private readonly RotaryEmbedding _rotary;

    public LlamaModel(LlamaConfig config) : base(nameof(LlamaModel))
    {
        var problems = SettingsValidator.Problems(config, "model.").ToList();
        if (config.VocabSize == 0) problems.Add("model.vocabSize: must be set (0 means \"from the tokenizer\", which the caller resolves)");
        SettingsValidator.Throw(problems, "model settings");
        Config = config;
        embed_tokens = nn.Embedding(config.VocabSize, config.Dim);
        layers = new ModuleList<DecoderBlock>(Enumerable.Range(0, config.Layers).Select(_ => new DecoderBlock(config)).ToArray());
        norm = new RmsNorm(config.Dim, config.NormEps);
        lm_head = config.TieEmbeddings ? null : nn.Linear(config.Dim, config.VocabSize, hasBias: false);
        _rotary = new RotaryEmbedding(config.HeadDim, config.MaxSeqLen, config.RopeTheta, config.RopeScaling);
        RegisterComponents();
    }

    public LlamaConfig Config { get; }

    /// <summary>The dtype of the weights (fp32, or bf16 for a mixed-precision replica).</summary>
    public ScalarType DType => embed_tokens.weight!.dtype;

    /// <summary>
    /// Deterministic initialisation from <paramref name="seed"/>: N(0, initStd) for embeddings and projections, with the
    /// projections that write into the residual stream (o_proj, down_proj) scaled by 1/√(2·layers) as in GPT-2, so the
    /// residual's variance does not grow with depth; norms start at 1.
    /// </summary>
    public void Initialize(long seed)
    {
        using var _ = no_grad();
        using var generator = new Generator((ulong)seed);
        double residualStd = Config.InitStd / Math.Sqrt(2.0 * Config.Layers);
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("norm.weight")) parameter.fill_(1.0);
            else if (name.EndsWith("o_proj.weight") || name.EndsWith("down_proj.weight")) parameter.normal_(0, residualStd, generator);
            else parameter.normal_(0, Config.InitStd, generator);
        }
    }

    private int _inferenceSessions;
    private Tensor? _headT; // [dim, vocab] while an InferenceSession is open

    /// <summary>The bytes of the model's parameters.</summary>
    public long WeightBytes => parameters().Sum(p => p.NumberOfElements * p.ElementSize);

    /// <summary>
    /// Fuses projections for gradient-free passes until disposed (<see cref="InferenceSession"/>). Sessions nest: the
    /// outermost one builds and drops the fused weights. <paramref name="fuse"/> null fuses a model whose weights fit
    /// <see cref="InferenceSession.MaxFusedWeightBytes"/>; a larger one keeps its own weights (the session then changes nothing).
    /// </summary>
    public InferenceSession BeginInference(bool? fuse = null)
    {
        if (_inferenceSessions++ == 0 && (fuse ?? InferenceSession.Fuses(WeightBytes)))
        {
            foreach (var block in layers) block.Fuse(true);
            using var _ = no_grad();
            _headT = InferenceSession.Transposed(lm_head?.weight ?? embed_tokens.weight!);
        }
        return new InferenceSession(this);
    }

    internal void EndInference()
    {
        if (--_inferenceSessions == 0)
        {
            foreach (var block in layers) block.Fuse(false);
            _headT?.Dispose();
            _headT = null;
        }
    }

    /// <summary>Full causal pass over <paramref name="tokens"/> [B, T] from position 0: logits [B, T, vocab].</summary>
    public override Tensor forward(Tensor tokens) => Forward(tokens, cache: null, lastOnly: false);

    /// <summary>
    /// Logits for <paramref name="tokens"/> [B, T]. With a cache the tokens continue what it holds (their keys and values
    /// are stored in it); without one they start at position 0 under a causal mask. <paramref name="lastOnly"/> projects
    /// only the last position to the vocabulary (all that sampling needs), returning [B, 1, vocab].
    /// </summary>
    public Tensor Forward(Tensor tokens, IKvCache? cache, bool lastOnly)
    {
        using var scope = NewDisposeScope();
        var x = Blocks(tokens, cache);
        if (lastOnly) x = x.narrow(1, x.shape[1] - 1, 1);
        x = norm.forward(x);
        var logits = _headT is not null && !is_grad_enabled() ? x.matmul(_headT)
            : lm_head is null ? F.linear(x, embed_tokens.weight!) : lm_head.forward(x);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Runs <paramref name="tokens"/> through the blocks only, to fill <paramref name="cache"/> (a prefix whose own logits are not needed).</summary>
    public void Prefill(Tensor tokens, IKvCache cache)
    {
        using var scope = NewDisposeScope();
        Blocks(tokens, cache);
    }

    private Tensor Blocks(Tensor tokens, IKvCache? cache)
    {
        long length = tokens.shape[1];
        var dtype = DType;
        var (cos, sin) = cache is null ? _rotary.Prefix(length, dtype) : _rotary.At(cache.Begin((int)length), dtype);
        var x = embed_tokens.forward(tokens);
        for (int i = 0; i < layers.Count; i++)
            x = layers[i].Forward(x, cos, sin, cache, i);
        cache?.End();
        return x;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rotary.Dispose();
        base.Dispose(disposing);
    }
}
