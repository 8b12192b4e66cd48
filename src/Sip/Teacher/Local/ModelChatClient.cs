using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Teacher.Chat;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Teacher.Local;

/// <summary>
/// An <see cref="IChatClient"/> over a sip checkpoint in this process, so a sip-made teacher is asked through the same
/// path as any LLM teacher (prompts, transport, parsers, re-asks, cache). Calls are batched: a call joins a queue,
/// and one decode thread takes everything queued (up to <c>batchSize</c>, waiting <c>batchWindow</c> for more when
/// fewer are there), prefills the prompts together and decodes them with the KV cache, one batch per (token limit,
/// sampling) group. With prefix sharing (the default) the text the batch's prompts share is prefilled once
/// (<see cref="SharedPrefixPlan"/>): a template's instructions, and for pairwise requests about one document the
/// document. A prompt is the conversation in sip's chat format (<see cref="ChatFormat.EncodePrompt"/>: a last
/// assistant message is continued); an answer ends at the end-of-turn marker or at a stop sequence
/// (<see cref="ChatOptions.StopSequences"/>, honoured as <see cref="AnswerStops"/> says; finish reason stop either way)
/// or at the token limit or the context's end (finish reason length). At temperature 0 an answer is the greedy one;
/// sampled, each call draws from its own stream, seeded by <see cref="ChatOptions.Seed"/> when given, so its answer
/// does not depend on which calls shared its batch.
/// </summary>
public sealed class ModelChatClient : WholeAnswerChatClient
{
    /// <summary>The token limit when a call sets none.</summary>
    public const int DefaultMaxOutputTokens = 256;

    private readonly LlamaModel _model;
    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly int _endOfTurn;
    private readonly int _batchSize;
    private readonly TimeSpan _window;
    private readonly bool _sharePrefixes;
    private readonly BlockingCollection<Call> _queue = new();
    private readonly Thread _decoder;
    private readonly Generator _unseeded = new((ulong)Environment.TickCount64);
    private long _calls, _batches, _decoded, _promptTokens, _sharedTokens, _stoppedAtSequence;

    private ModelChatClient(LlamaModel model, ByteLevelBpeTokenizer tokenizer, string folder, int batchSize, TimeSpan window, bool sharePrefixes)
        : base(new ChatClientMetadata("sip", new Uri(Path.GetFullPath(folder)), Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/'))))
    {
        _model = model;
        _tokenizer = tokenizer;
        _endOfTurn = ChatFormat.EndOfTurn(tokenizer);
        _batchSize = batchSize;
        _window = window;
        _sharePrefixes = sharePrefixes;
        _decoder = new Thread(DecodeLoop, maxStackSize: 16 << 20) { IsBackground = true, Name = "sip-teacher-decode" };
        _decoder.Start();
    }

    /// <summary>Loads a checkpoint whose tokenizer has sip's chat markers; anything else is refused as no teacher.</summary>
    /// <param name="checkpoint">a checkpoint or run folder</param>
    /// <param name="batchSize">calls decoded together at most</param>
    /// <param name="batchWindow">how long a batch short of <paramref name="batchSize"/> waits for more calls</param>
    /// <param name="sharePrefixes">prefill the text a batch's prompts share once (false: every prompt whole, as before)</param>
    public static ModelChatClient Load(string checkpoint, int batchSize, TimeSpan batchWindow, bool sharePrefixes = true)
    {
        var folder = CheckpointLocator.Resolve(checkpoint);
        if (PolicyCheckpoint.LoadTokenizer(folder) is not ByteLevelBpeTokenizer tokenizer || !ChatFormat.Supports(tokenizer))
            throw new SipInputException(folder, null, "not a sip teacher: its tokenizer has no chat markers (post-train it with sip teacher train)");
        var model = PolicyCheckpoint.LoadModel(folder);
        model.eval();
        return new ModelChatClient(model, tokenizer, folder, batchSize, batchWindow, sharePrefixes);
    }

    /// <summary>The model's context: prompt and answer together.</summary>
    public int ContextSize => _model.Config.MaxSeqLen;

    /// <summary>Calls answered, batches and what they held, prompt tokens and those shared, answers ended at a stop sequence.</summary>
    public ModelChatCounts Counts => new(Interlocked.Read(ref _calls), Interlocked.Read(ref _batches), Interlocked.Read(ref _decoded),
        Interlocked.Read(ref _promptTokens), Interlocked.Read(ref _sharedTokens), Interlocked.Read(ref _stoppedAtSequence));

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = ChatFormat.EncodePrompt(_tokenizer, messages.Select(m => new ChatTurn(m.Role.Value, m.Text)).ToList());
        if (prompt.Length >= ContextSize)
            throw new InvalidOperationException($"the prompt has {prompt.Length} tokens, which leaves no room for an answer in the model's context of {ContextSize}");
        int wanted = options?.MaxOutputTokens ?? DefaultMaxOutputTokens;
        if (wanted < 1) throw new ArgumentOutOfRangeException(nameof(options), $"MaxOutputTokens must be positive, got {wanted}");
        var sampling = new SamplingSettings { Temperature = options?.Temperature ?? 1.0, TopP = options?.TopP ?? 1.0 };
        var call = new Call(prompt, Math.Min(wanted, ContextSize - prompt.Length), sampling, options?.Seed, AnswerStops.Of(options),
            options?.ModelId ?? Metadata.DefaultModelId, cancellationToken);
        using var registration = cancellationToken.Register(() => call.Done.TrySetCanceled(cancellationToken));
        _queue.Add(call, cancellationToken);
        return await call.Done.Task.ConfigureAwait(false);
    }


    private sealed record Call(int[] Prompt, int MaxTokens, SamplingSettings Sampling, long? Seed, AnswerStops? Stops, string? ModelId, CancellationToken Cancellation)
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
            var outputs = Generate(calls);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _decoded, calls.Count);
            for (int i = 0; i < calls.Count; i++)
            {
                var (text, ended, atSequence) = Answer(calls[i], outputs[i]);
                if (atSequence) Interlocked.Increment(ref _stoppedAtSequence);
                // Counted before the caller can see its answer, so a caller that reads the counts after its last answer sees it.
                Interlocked.Increment(ref _calls);
                calls[i].Done.TrySetResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
                {
                    FinishReason = ended ? ChatFinishReason.Stop : ChatFinishReason.Length,
                    ModelId = calls[i].ModelId,
                    CreatedAt = DateTimeOffset.UtcNow,
                    Usage = new UsageDetails { InputTokenCount = calls[i].Prompt.Length, OutputTokenCount = outputs[i].Tokens.Length, TotalTokenCount = calls[i].Prompt.Length + outputs[i].Tokens.Length },
                    AdditionalProperties = new() { ["batch_size"] = calls.Count, ["batch_seconds"] = clock.Elapsed.TotalSeconds },
                });
            }
        }
        catch (Exception e)
        {
            foreach (var call in calls) call.Done.TrySetException(e);
        }
    }

    /// <summary>The calls' continuations, in call order: their shared prefixes prefilled once when sharing, each row ended at its call's stop sequences.</summary>
    private IReadOnlyList<Continuation> Generate(IReadOnlyList<Call> calls)
    {
        var sampling = calls[0].Sampling;
        int maxTokens = calls[0].MaxTokens;
        var prompts = calls.Select(c => c.Prompt).ToList();
        var uniforms = sampling.IsGreedy ? null : stack(calls.Select(c => Draws(c, maxTokens)).ToArray());
        RowStop? stopWhen = calls.Any(c => c.Stops is not null)
            ? (row, tokens) => calls[row].Stops is { } stops && stops.End(_tokenizer.Decode(tokens)) is not null
            : null;
        Interlocked.Add(ref _promptTokens, prompts.Sum(p => (long)p.Length));
        if (!_sharePrefixes)
            return TextGenerator.Generate(_model, prompts, 1, maxTokens, sampling, _unseeded, _endOfTurn, _tokenizer.PadId, uniforms: uniforms, stopWhen: stopWhen);
        var plan = SharedPrefixPlan.For(prompts);
        Interlocked.Add(ref _sharedTokens, plan.SharedTokens);
        return TextGenerator.GenerateSharingPrefixes(_model, prompts, plan, maxTokens, sampling, _unseeded, _endOfTurn, _tokenizer.PadId, uniforms: uniforms, stopWhen: stopWhen);
    }

    /// <summary>A continuation as the call's answer: its text (end-of-turn marker dropped, cut at a stop sequence), whether it ended before the limit, and whether a stop sequence ended it.</summary>
    private (string Text, bool Ended, bool AtSequence) Answer(Call call, Continuation output)
    {
        var tokens = output.Tokens;
        bool endOfTurn = output.Stopped && tokens.Length > 0 && tokens[^1] == _endOfTurn;
        string text = _tokenizer.Decode(tokens.AsSpan(0, endOfTurn ? tokens.Length - 1 : tokens.Length));
        if (call.Stops?.End(text) is { } end) return (text[..end], true, true);
        return (text, endOfTurn, false);
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
