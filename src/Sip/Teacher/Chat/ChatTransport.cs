using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Sip.Teacher.Cache;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Chat;

/// <summary>
/// Sends rendered prompts to the server, one sample per call: the cache first, then a concurrency slot, then the
/// resilience pipeline (<see cref="TeacherResilience"/>). A call that still fails is returned as a failure, never thrown,
/// unless the caller cancelled. A judge and a rewriter on the same server share one transport (one concurrency limit,
/// one circuit breaker) and count into their own <see cref="TeacherCounters"/>.
/// </summary>
public sealed class ChatTransport
{
    private readonly IChatClient _client;

    /// <summary>The chat client the calls go to.</summary>
    public IChatClient Client => _client;
    private readonly ChatTeacherSettings _settings;
    private readonly AnswerCache? _cache;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ResiliencePipeline _pipeline;

    public ChatTransport(IChatClient client, ChatTeacherSettings settings, AnswerCache? cache = null, ILogger? logger = null, TimeProvider? time = null)
    {
        _client = client;
        _settings = settings;
        _cache = cache;
        _logger = logger ?? NullLogger.Instance;
        _slots = new SemaphoreSlim(settings.Concurrency, settings.Concurrency);
        _pipeline = TeacherResilience.Build(settings, time ?? TimeProvider.System);
    }

    /// <summary>The model and sampling of one call as they enter the cache key.</summary>
    public string SamplingKey(ChatSampling sampling, int sampleIndex) =>
        $"{sampling.Canonical()},seed={(_settings.Seed is { } seed ? (seed + sampleIndex).ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}";

    /// <summary>
    /// Sample <paramref name="sampleIndex"/> of the prompt: from the cache, else from the server. <paramref name="reask"/>
    /// is 0 for the first ask and k for the k-th time the same sample is asked again because its answer was unusable: the
    /// same request (same seed) under its own cache entry, so the cache never hands back the unusable answer.
    /// </summary>
    public async Task<TeacherAnswer> AskAsync(RenderedPrompt prompt, ChatSampling sampling, int sampleIndex, TeacherCounters counters, CancellationToken cancellation,
        int reask = 0)
    {
        // An answer ended at its verdict is shorter than one that ran on, so it has an entry of its own.
        string samplingKey = SamplingKey(sampling, sampleIndex) + (StopsFor(prompt.Task).Count > 0 ? ",stop=verdict" : "")
                             + (reask > 0 ? $",reask={reask.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "");
        var key = CacheKey.Of(prompt, _settings.Model, samplingKey, sampleIndex);
        if (ReadCache(key) is { } cached)
        {
            counters.CacheHit();
            return new TeacherAnswer(cached, TimeSpan.Zero, null);
        }
        counters.CacheMiss();

        await _slots.WaitAsync(cancellation).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        try
        {
            var answer = await SendAsync(prompt, sampling, sampleIndex, counters, cancellation).ConfigureAwait(false);
            WriteCache(key, answer);
            return new TeacherAnswer(answer, clock.Elapsed, null);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (CallFailures.IsFatal(e))
        {
            throw new SipInputException("teacher", null,
                $"the server at {_settings.BaseUrl} refused model '{_settings.Model}' ({CallFailures.Describe(e)}): check baseUrl, model and the API key variable", e);
        }
        catch (Exception e)
        {
            counters.FailedCall();
            string reason = CallFailures.Describe(e);
            _logger.LogWarning("teacher call to model {Model} failed after retries: {Reason}", _settings.Model, reason);
            return new TeacherAnswer(null, clock.Elapsed, reason);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<CachedAnswer> SendAsync(RenderedPrompt prompt, ChatSampling sampling, int sampleIndex, TeacherCounters counters, CancellationToken cancellation)
    {
        var messages = prompt.Messages.Select(m => new ChatMessage(Role(m.Role), m.Text)).ToList();
        var options = new ChatOptions
        {
            ModelId = _settings.Model,
            Temperature = (float)sampling.Temperature,
            TopP = (float)sampling.TopP,
            MaxOutputTokens = _settings.MaxTokensField == MaxTokensField.MaxTokens ? null : sampling.MaxOutputTokens,
            Seed = _settings.Seed is { } seed ? seed + sampleIndex : null,
        };
        var stops = StopsFor(prompt.Task);
        if (stops.Count > 0)
        {
            options.StopSequences = [.. stops];
            options.AdditionalProperties = new() { [AnswerStops.KeepProperty] = true };
        }
        int? legacyMaxTokens = _settings.MaxTokensField == MaxTokensField.MaxCompletionTokens ? null : sampling.MaxOutputTokens;
        bool continueFinal = prompt.Messages[^1].Role == PromptRole.Assistant;
        if (legacyMaxTokens is not null || continueFinal || stops.Count > 0)
            options.RawRepresentationFactory = _ => WithExtraFields(legacyMaxTokens, continueFinal, keepStops: stops.Count > 0);
        var context = ResilienceContextPool.Shared.Get(cancellation);
        context.Properties.Set(TeacherResilience.Counters, counters);
        try
        {
            return await _pipeline.ExecuteAsync(async (ctx, state) =>
            {
                state.Request();
                var response = await _client.GetResponseAsync(messages, options, ctx.CancellationToken).ConfigureAwait(false);
                return new CachedAnswer(response.Text, response.FinishReason == ChatFinishReason.Length);
            }, context, counters).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The stop sequences a task's answers end at: its verdict's (<see cref="VerdictStops"/>) when <see cref="TeacherPromptSettings.StopAtVerdict"/>, else none.</summary>
    private IReadOnlyList<string> StopsFor(TeacherTask task) => _settings.StopAtVerdict ? VerdictStops.For(task) : [];

    /// <summary>
    /// Request fields the SDK does not model: the legacy <c>max_tokens</c>, for a pre-filled answer vLLM's
    /// <c>continue_final_message</c> (llama.cpp continues a final assistant message by itself; other servers ignore the
    /// fields), and vLLM's <c>include_stop_str_in_output</c>, which keeps a verdict's stop sequence in the answer.
    /// </summary>
    private static OpenAI.Chat.ChatCompletionOptions WithExtraFields(int? maxTokens, bool continueFinalMessage, bool keepStops)
    {
        var options = new OpenAI.Chat.ChatCompletionOptions();
#pragma warning disable SCME0001 // JsonPatch is marked experimental; it is the SDK's only way to add a field it does not model.
        if (maxTokens is { } max) options.Patch.Set("$.max_tokens"u8, max);
        if (keepStops) options.Patch.Set("$.include_stop_str_in_output"u8, true);
        if (continueFinalMessage)
        {
            options.Patch.Set("$.continue_final_message"u8, true);
            options.Patch.Set("$.add_generation_prompt"u8, false);
        }
#pragma warning restore SCME0001
        return options;
    }

    private CachedAnswer? ReadCache(CacheKey key)
    {
        if (_cache is null) return null;
        try { return _cache.TryGet(key); }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            _logger.LogWarning("teacher cache {Path} unreadable, asking the server: {Reason}", _cache.Path, e.Message);
            return null;
        }
    }

    private void WriteCache(CacheKey key, CachedAnswer answer)
    {
        if (_cache is null) return;
        try { _cache.Put(key, answer, _settings.Model); }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            _logger.LogWarning("teacher cache {Path} not written: {Reason}", _cache.Path, e.Message);
        }
    }

    private static ChatRole Role(PromptRole role) => role switch
    {
        PromptRole.System => ChatRole.System,
        PromptRole.User => ChatRole.User,
        _ => ChatRole.Assistant,
    };
}
