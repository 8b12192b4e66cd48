using Sip.Data.Tokenization;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.AI;
using Sip.Teacher.Chat;

namespace Sip.Teacher.Gguf;

/// <summary>
/// An <see cref="IChatClient"/> over a GGUF model run in this process by llama.cpp (through LLamaSharp). Each call is
/// stateless: the messages are rendered with the configured <see cref="GgufChatTemplate"/>, the context's memory is
/// cleared, the prompt decoded, and tokens sampled until an end-of-generation token (finish reason stop) or the token
/// limit or the end of the context (finish reason length). It honours <see cref="ChatOptions.Temperature"/> (0: greedy),
/// <see cref="ChatOptions.TopP"/>, <see cref="ChatOptions.MaxOutputTokens"/>, <see cref="ChatOptions.Seed"/> and
/// <see cref="ChatOptions.StopSequences"/> (as <see cref="AnswerStops"/> says: finish reason stop, the sequence left out
/// unless the call asks to keep it); with a seed the answer depends only on the messages and options. Calls run one at a time (one context); they run on the
/// thread pool so a caller's thread never blocks on llama.cpp.
/// </summary>
/// <remarks>
/// LLamaSharp's own <c>AsChatClient()</c> is not used: it stops at "User:"/"Assistant:" anti-prompts (text a judge may
/// quote), renders a fixed transcript format, and reports no finish reason, which the teachers need to tell an answer
/// cut off at the token limit from a complete one.
/// </remarks>
public sealed class LlamaCppChatClient : WholeAnswerChatClient
{
    /// <summary>The token limit when a call sets none.</summary>
    public const int DefaultMaxOutputTokens = 512;

    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly GgufChatTemplate _template;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly int _batchSize;

    private LlamaCppChatClient(LLamaWeights weights, LLamaContext context, GgufChatTemplate template, string modelPath, int batchSize)
        : base(new ChatClientMetadata("llama.cpp", new Uri(Path.GetFullPath(modelPath)), Path.GetFileName(modelPath)))
    {
        _weights = weights;
        _context = context;
        _template = template;
        _batchSize = batchSize;
    }

    /// <summary>The template prompts are rendered with.</summary>
    public GgufChatTemplate Template => _template;

    /// <summary>The context size in tokens (prompt and answer together).</summary>
    public int ContextSize => (int)_context.ContextSize;

    /// <summary>
    /// Loads the model of <paramref name="settings"/> (a missing file, a file llama.cpp cannot load, or an unknown chat
    /// template is refused with the setting to fix).
    /// </summary>
    public static LlamaCppChatClient Load(GgufTeacherSettings settings)
    {
        if (!File.Exists(settings.Model)) throw new SipInputException("teacher.gguf.model", null, $"file not found: {settings.Model}");
        int batch = Math.Min(settings.ContextSize, 512);
        var parameters = new ModelParams(settings.Model)
        {
            ContextSize = (uint)settings.ContextSize,
            BatchSize = (uint)batch,
            UBatchSize = (uint)batch,
            Threads = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount,
            BatchThreads = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount,
            GpuLayerCount = settings.GpuLayers,
        };
        LLamaWeights weights;
        try
        {
            weights = LLamaWeights.LoadFromFile(parameters);
        }
        catch (LLama.Exceptions.LoadWeightsFailedException e)
        {
            throw new SipInputException(settings.Model, null, "llama.cpp could not load this GGUF model", e);
        }
        try
        {
            var template = GgufChatTemplate.Resolve(settings.ChatTemplate, weights.NativeHandle, settings.Model);
            return new LlamaCppChatClient(weights, weights.CreateContext(parameters), template, settings.Model, batch);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turns = messages.Select(m => new ChatTurn(m.Role.Value, m.Text)).ToList();
        string prompt = _template.Render(turns);
        int maxTokens = options?.MaxOutputTokens ?? DefaultMaxOutputTokens;
        if (maxTokens < 1) throw new ArgumentOutOfRangeException(nameof(options), $"MaxOutputTokens must be positive, got {maxTokens}");
        var sampling = new TokenSampling(options?.Temperature ?? 1f, options?.TopP ?? 1f, options?.Seed is { } seed ? (uint)seed : (uint)Random.Shared.Next());
        var stops = AnswerStops.Of(options);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await Task.Run(() => Generate(prompt, maxTokens, sampling, stops, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, result.Text))
            {
                FinishReason = result.HitLimit ? ChatFinishReason.Length : ChatFinishReason.Stop,
                ModelId = options?.ModelId ?? Metadata.DefaultModelId,
                CreatedAt = DateTimeOffset.UtcNow,
                Usage = new UsageDetails { InputTokenCount = result.PromptTokens, OutputTokenCount = result.OutputTokens, TotalTokenCount = result.PromptTokens + result.OutputTokens },
            };
        }
        finally
        {
            _gate.Release();
        }
    }


    private readonly record struct TokenSampling(float Temperature, float TopP, uint Seed);

    private readonly record struct Generation(string Text, bool HitLimit, int PromptTokens, int OutputTokens);

    private Generation Generate(string prompt, int maxTokens, TokenSampling sampling, AnswerStops? stops, CancellationToken cancellation)
    {
        var vocabulary = _weights.NativeHandle.Vocab;
        // Special tokens in the rendered template (<|im_start|>, <|eot_id|>, ...) must be read as such, as llama-server does.
        var tokens = _context.Tokenize(prompt, addBos: vocabulary.ShouldAddBOS, special: true);
        int contextSize = ContextSize;
        if (tokens.Length >= contextSize)
            throw new InvalidOperationException($"the prompt has {tokens.Length} tokens, which leaves no room for an answer in a context of {contextSize}");

        var handle = _context.NativeHandle;
        handle.MemoryClear(true);
        using var sampler = CreateSampler(sampling);
        var batch = new LLamaBatch();
        int position = 0;
        int lastLogits = 0;
        while (position < tokens.Length)
        {
            cancellation.ThrowIfCancellationRequested();
            batch.Clear();
            int end = Math.Min(tokens.Length, position + _batchSize);
            for (int i = position; i < end; i++) batch.Add(tokens[i], i, LLamaSeqId.Zero, logits: i == tokens.Length - 1);
            Check(handle.Decode(batch));
            lastLogits = batch.TokenCount - 1;
            position = end;
        }

        var decoder = new StreamingTokenDecoder(Encoding.UTF8, _weights);
        var text = new StringBuilder();
        string Read() => text.Append(decoder.Read()).ToString();
        int produced = 0;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var token = sampler.Sample(handle, lastLogits);
            if (token.IsEndOfGeneration(vocabulary)) return new Generation(Read(), false, tokens.Length, produced);
            decoder.Add(token);
            produced++;
            if (stops is not null && Read() is var sofar && stops.End(sofar) is { } end) return new Generation(sofar[..end], false, tokens.Length, produced);
            if (produced >= maxTokens || position >= contextSize) return new Generation(Read(), true, tokens.Length, produced);
            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, logits: true);
            Check(handle.Decode(batch));
            lastLogits = 0;
        }
    }

    /// <summary>
    /// Temperature before top-p, as vLLM and OpenAI apply them (llama.cpp's own default chain cuts top-p first), then a
    /// draw with the call's seed; temperature 0 is greedy.
    /// </summary>
    private static SafeLLamaSamplerChainHandle CreateSampler(TokenSampling sampling)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (sampling.Temperature <= 0)
        {
            chain.AddGreedySampler();
            return chain;
        }
        chain.AddTemperature(sampling.Temperature);
        if (sampling.TopP < 1) chain.AddTopP(sampling.TopP, 1);
        chain.AddDistributionSampler(sampling.Seed);
        return chain;
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode failed: {result}");
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _context.Dispose();
        _weights.Dispose();
        _gate.Dispose();
    }
}
