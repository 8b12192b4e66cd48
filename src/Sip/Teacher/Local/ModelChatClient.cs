using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Teacher.Local;

/// <summary>
/// An <see cref="IChatClient"/> over a sip checkpoint in this process, so a sip-made teacher is asked through the same
/// path as any LLM teacher (prompts, transport, parsers, re-asks, cache). Calls are batched: a call joins a queue,
/// and one decode thread takes everything queued (up to <c>batchSize</c>, waiting <c>batchWindow</c> for more when
/// fewer are there), prefills the prompts together and decodes them with the KV cache, one batch per (token limit,
/// sampling) group. A prompt is the conversation in sip's chat format (<see cref="ChatFormat.EncodePrompt"/>: a last
/// assistant message is continued); an answer ends at the end-of-turn marker (finish reason stop) or at the token
/// limit or the context's end (finish reason length). At temperature 0 an answer is the greedy one; sampled, each call
/// draws from its own stream, seeded by <see cref="ChatOptions.Seed"/> when given, so its answer does not depend on
/// which calls shared its batch.
/// </summary>
public sealed class ModelChatClient : Chat.WholeAnswerChatClient
{
    /// <summary>The token limit when a call sets none.</summary>
    public const int DefaultMaxOutputTokens = 256;

    private readonly LlamaModel _model;
    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly int _endOfTurn;
    private readonly int _batchSize;
    private readonly TimeSpan _window;
    private readonly BlockingCollection<Call> _queue = new();
    private readonly Thread _decoder;
    private readonly Generator _unseeded = new((ulong)Environment.TickCount64);
    private long _calls, _batches, _decoded;

    private ModelChatClient(LlamaModel model, ByteLevelBpeTokenizer tokenizer, string folder, int batchSize, TimeSpan window)
        : base(new ChatClientMetadata("sip", new Uri(Path.GetFullPath(folder)), Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/'))))
    {
        _model = model;
        _tokenizer = tokenizer;
        _endOfTurn = ChatFormat.EndOfTurn(tokenizer);
        _batchSize = batchSize;
        _window = window;
        _decoder = new Thread(DecodeLoop, maxStackSize: 16 << 20) { IsBackground = true, Name = "sip-teacher-decode" };
        _decoder.Start();
    }

    /// <summary>Loads a checkpoint whose tokenizer has sip's chat markers; anything else is refused as no teacher.</summary>
    /// <param name="checkpoint">a checkpoint or run folder</param>
    /// <param name="batchSize">calls decoded together at most</param>
    /// <param name="batchWindow">how long a batch short of <paramref name="batchSize"/> waits for more calls</param>
    public static ModelChatClient Load(string checkpoint, int batchSize, TimeSpan batchWindow)
    {
        var folder = CheckpointLocator.Resolve(checkpoint);
        if (PolicyCheckpoint.LoadTokenizer(folder) is not ByteLevelBpeTokenizer tokenizer || !ChatFormat.Supports(tokenizer))
            throw new SipInputException(folder, null, "not a sip teacher: its tokenizer has no chat markers (post-train it with sip teacher train)");
        var model = PolicyCheckpoint.LoadModel(folder);
        model.eval();
        return new ModelChatClient(model, tokenizer, folder, batchSize, batchWindow);
    }

    /// <summary>The model's context: prompt and answer together.</summary>
    public int ContextSize => _model.Config.MaxSeqLen;

    /// <summary>Calls answered, batches decoded, and the calls those batches held (their ratio is the mean batch).</summary>
    public (long Calls, long Batches, long Decoded) Counts => (Interlocked.Read(ref _calls), Interlocked.Read(ref _batches), Interlocked.Read(ref _decoded));

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = ChatFormat.EncodePrompt(_tokenizer, messages.Select(m => new ChatTurn(m.Role.Value, m.Text)).ToList());
        if (prompt.Length >= ContextSize)
            throw new InvalidOperationException($"the prompt has {prompt.Length} tokens, which leaves no room for an answer in the model's context of {ContextSize}");
        int wanted = options?.MaxOutputTokens ?? DefaultMaxOutputTokens;
        if (wanted < 1) throw new ArgumentOutOfRangeException(nameof(options), $"MaxOutputTokens must be positive, got {wanted}");
        var sampling = new SamplingSettings { Temperature = options?.Temperature ?? 1.0, TopP = options?.TopP ?? 1.0 };
        var call = new Call(prompt, Math.Min(wanted, ContextSize - prompt.Length), sampling, options?.Seed, options?.ModelId ?? Metadata.DefaultModelId, cancellationToken);
        using var registration = cancellationToken.Register(() => call.Done.TrySetCanceled(cancellationToken));
        _queue.Add(call, cancellationToken);
        return await call.Done.Task.ConfigureAwait(false);
    }


    private sealed record Call(int[] Prompt, int MaxTokens, SamplingSettings Sampling, long? Seed, string? ModelId, CancellationToken Cancellation)
    {
        public TaskCompletionSource<ChatResponse> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private void DecodeLoop()
    {
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            var batch = new List<Call> { first };
            var clock = Stopwatch.StartNew();
            while (batch.Count < _batchSize)
            {
                var left = _window - clock.Elapsed;
                if (!_queue.TryTake(out var next, left > TimeSpan.Zero ? left : TimeSpan.Zero)) break;
                batch.Add(next);
            }
            batch.RemoveAll(c => c.Done.Task.IsCompleted);
            // Calls of one token limit and sampling decode together; sorted by length, their left padding stays small.
            foreach (var group in batch.GroupBy(c => (c.MaxTokens, c.Sampling)))
                Decode(group.OrderBy(c => c.Prompt.Length).ToList());
        }
    }

    private void Decode(IReadOnlyList<Call> calls)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var scope = NewDisposeScope();
            var sampling = calls[0].Sampling;
            int maxTokens = calls[0].MaxTokens;
            var uniforms = sampling.IsGreedy ? null : stack(calls.Select(c => Draws(c, maxTokens)).ToArray());
            var outputs = TextGenerator.Generate(_model, calls.Select(c => c.Prompt).ToList(), 1, maxTokens, sampling, _unseeded,
                _endOfTurn, _tokenizer.PadId, uniforms: uniforms);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _decoded, calls.Count);
            for (int i = 0; i < calls.Count; i++)
            {
                var tokens = outputs[i].Tokens;
                bool ended = outputs[i].Stopped && tokens.Length > 0 && tokens[^1] == _endOfTurn;
                string text = _tokenizer.Decode(tokens.AsSpan(0, ended ? tokens.Length - 1 : tokens.Length));
                // Counted before the caller can see its answer, so a caller that reads the counts after its last answer sees it.
                Interlocked.Increment(ref _calls);
                calls[i].Done.TrySetResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
                {
                    FinishReason = ended ? ChatFinishReason.Stop : ChatFinishReason.Length,
                    ModelId = calls[i].ModelId,
                    CreatedAt = DateTimeOffset.UtcNow,
                    Usage = new UsageDetails { InputTokenCount = calls[i].Prompt.Length, OutputTokenCount = tokens.Length, TotalTokenCount = calls[i].Prompt.Length + tokens.Length },
                    AdditionalProperties = new() { ["batch_size"] = calls.Count, ["batch_seconds"] = clock.Elapsed.TotalSeconds },
                });
            }
        }
        catch (Exception e)
        {
            foreach (var call in calls) call.Done.TrySetException(e);
        }
    }

    /// <summary>A call's own draws: from its seed when it has one, else from the client's stream.</summary>
    private Tensor Draws(Call call, int count)
    {
        if (call.Seed is not { } seed) return rand([count], dtype: ScalarType.Float32, generator: _unseeded);
        using var generator = new Generator(unchecked((ulong)seed));
        return rand([count], dtype: ScalarType.Float32, generator: generator);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _queue.CompleteAdding();
        _decoder.Join();
        _model.Dispose();
        _unseeded.Dispose();
        _queue.Dispose();
    }
}
