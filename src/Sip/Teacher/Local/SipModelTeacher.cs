using System.ComponentModel;
using System.Diagnostics;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Teacher.Local;

/// <summary>A teacher that is a sip checkpoint (a post-trained judge and rewriter), run in this process.</summary>
public sealed record SipModelTeacherSettings : Sip.Settings.ISettingsValidation
{
    [Description("The teacher's checkpoint or run folder (its tokenizer must have sip's chat markers).")]
    public string Checkpoint { get; init; } = "";

    [Description("Prompt templates: empty uses the ones saved with the checkpoint (the ones it was trained on), else the compact set; 'default' or 'compact' picks a built-in set.")]
    public string Templates { get; init; } = "";

    [Description("How answers are decoded; greedy (temperature 0) gives each request one reproducible answer.")]
    public SamplingSettings Sampling { get; init; } = SamplingSettings.Greedy;

    [Description("Tokens a verdict may take at most (the compact templates' verdicts take under 12).")]
    public int MaxVerdictTokens { get; init; } = 24;

    [Description("Tokens a rewrite may take at most.")]
    public int MaxRewriteTokens { get; init; } = 96;

    [Description("Requests decoded together (grouped by prompt length).")]
    public int BatchSize { get; init; } = 32;

    [Description("Seed of sampled answers (unused when greedy).")]
    public long Seed { get; init; } = 1;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint)) yield return "checkpoint: must name the teacher's checkpoint";
        if (Templates is not ("" or "default" or "compact")) yield return $"templates: must be empty (saved), 'default' or 'compact', got '{Templates}'";
        if (MaxVerdictTokens < 1) yield return $"maxVerdictTokens: must be positive, got {MaxVerdictTokens}";
        if (MaxRewriteTokens < 1) yield return $"maxRewriteTokens: must be positive, got {MaxRewriteTokens}";
        if (BatchSize < 1) yield return $"batchSize: must be positive, got {BatchSize}";
    }
}

/// <summary>
/// A sip checkpoint as judge and rewriter, in this process: each request is encoded as the teacher was trained
/// (<see cref="TeacherEncoding"/>, with the templates saved beside it), all of a call's requests are decoded in
/// batches through the KV-cached generator, and the answers are read by the same parsers as any LLM teacher's. A
/// request that does not fit the model's context, or an answer with no verdict, is an invalid sample (counted by the
/// caller), never a score. Calls run one at a time: there is one model.
/// </summary>
public sealed class SipModelTeacher : IJudge, IRewriter, IDisposable
{
    private readonly SipModelTeacherSettings _settings;
    private readonly LlamaModel _model;
    private readonly TeacherEncoding _encoding;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Generator _generator;

    public SipModelTeacher(SipModelTeacherSettings settings)
    {
        Sip.Settings.SettingsValidator.ThrowIfInvalid(settings, "teacher.sip");
        _settings = settings;
        var folder = CheckpointLocator.Resolve(settings.Checkpoint);
        if (PolicyCheckpoint.LoadTokenizer(folder) is not ByteLevelBpeTokenizer tokenizer || !ChatFormat.Supports(tokenizer))
            throw new SipInputException(folder, null, "not a sip teacher: its tokenizer has no chat markers (post-train it with sip teacher train)");
        var prompts = settings.Templates switch
        {
            "default" => TeacherPrompts.Default,
            "compact" => TeacherPrompts.Compact,
            _ => TeacherPrompts.HasSaved(folder) ? TeacherPrompts.LoadSaved(folder) : TeacherPrompts.Compact,
        };
        _encoding = new TeacherEncoding(tokenizer, prompts);
        _model = PolicyCheckpoint.LoadModel(folder);
        _model.eval();
        _generator = new Generator((ulong)settings.Seed);
        Describe = $"sip:{folder} (templates {prompts.Fingerprint(Enum.GetValues<TeacherTask>())}, " +
            (settings.Sampling.IsGreedy ? "greedy" : $"t={settings.Sampling.Temperature} p={settings.Sampling.TopP}") + ")";
    }

    public string Describe { get; }

    public TeacherEncoding Encoding => _encoding;

    public async Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default)
    {
        var answers = await AnswerAsync(requests.Select(_encoding.Prompt).ToList(), _settings.MaxVerdictTokens, cancellation).ConfigureAwait(false);
        return requests.Select((r, i) => new Judgment(r, [answers[i].Text is { } text ? VerdictParser.Parse(TeacherPrompts.TaskOf(r), text) : null], answers[i].Latency)
        {
            Raw = [answers[i].Text ?? ""],
        }).ToList();
    }

    public async Task<IReadOnlyList<Rewrite>> RewriteAsync(IReadOnlyList<RewriteRequest> requests, CancellationToken cancellation = default)
    {
        var answers = await AnswerAsync(requests.Select(_encoding.Prompt).ToList(), _settings.MaxRewriteTokens, cancellation).ConfigureAwait(false);
        // A rewrite cut off at the token limit is unusable, as a chat teacher's is.
        return requests.Select((r, i) => new Rewrite(r,
            answers[i] is { Text: { } text, Stopped: true } ? RewriteAnswer.Extract(text, PrefixEnding.Of(r.Prefix)) : null, answers[i].Latency)).ToList();
    }

    private readonly record struct Answer(string? Text, bool Stopped, TimeSpan Latency);

    private async Task<Answer[]> AnswerAsync(IReadOnlyList<int[]> prompts, int maxTokens, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Decode(prompts, maxTokens, cancellation), cancellation).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private Answer[] Decode(IReadOnlyList<int[]> prompts, int maxTokens, CancellationToken cancellation)
    {
        var answers = new Answer[prompts.Count];
        var fitting = Enumerable.Range(0, prompts.Count).Where(i => prompts[i].Length + maxTokens <= _model.Config.MaxSeqLen).ToList();
        foreach (var batch in fitting.OrderBy(i => prompts[i].Length).Chunk(_settings.BatchSize))
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var outputs = TextGenerator.Generate(_model, batch.Select(i => prompts[i]).ToList(), 1, maxTokens, _settings.Sampling, _generator,
                _encoding.EndOfTurn, _encoding.Tokenizer.PadId);
            var each = clock.Elapsed / batch.Length;
            for (int k = 0; k < batch.Length; k++)
            {
                var tokens = outputs[k].Tokens;
                int length = outputs[k].Stopped && tokens.Length > 0 && tokens[^1] == _encoding.EndOfTurn ? tokens.Length - 1 : tokens.Length;
                answers[batch[k]] = new Answer(_encoding.Tokenizer.Decode(tokens.AsSpan(0, length)), outputs[k].Stopped, each);
            }
        }
        return answers;
    }

    public void Dispose()
    {
        _model.Dispose();
        _generator.Dispose();
        _gate.Dispose();
    }
}
