using System.ComponentModel;
using System.Net;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Sip.Server.Faults;
using Sip.World.Oracle;

namespace Sip.Server;

/// <summary>
/// Settings of <c>sip teacher serve</c>: an OpenAI-compatible chat-completions server that answers for TinyWorld's oracle
/// (sip's judge and rewrite prompts) or for a sip checkpoint (any conversation), with faults injected on demand
/// (docs/teachers.md).
/// </summary>
public sealed partial record ServeSettings : Sip.Settings.ISettingsValidation
{
    /// <summary>The model name an oracle is served under when <see cref="Model"/> is empty.</summary>
    public const string OracleModel = "tinyworld-oracle";

    [Description("TinyWorld folder (written by `sip world generate`) whose oracle answers; give this or checkpoint.")]
    public string World { get; init; } = "";

    [Description("A sip checkpoint or run folder (a teacher made by `sip teacher train`) that answers instead of an oracle; give this or world.")]
    public string Checkpoint { get; init; } = "";

    [Description("Address to listen on (an IP address or localhost); loopback by default.")]
    public string Host { get; init; } = "127.0.0.1";

    [Description("Port to listen on; 0 picks a free one (printed at start).")]
    public int Port { get; init; } = 8000;

    [Description("Model name the server answers to (the client's model setting); other names get HTTP 404, as from a real server. Empty: tinyworld-oracle for a world, the checkpoint as given for a checkpoint (as vLLM names a model by its path).")]
    public string Model { get; init; } = "";

    [Description("Name of the environment variable holding the API key clients must send as a Bearer token; empty accepts any request.")]
    public string ApiKeyVariable { get; init; } = "";

    [Description("The oracle judge's noise, biases and seed (its samples setting is not used: each request's seed picks the sample).")]
    public OracleJudgeSettings Oracle { get; init; } = new();

    [Description("With a checkpoint: requests decoded together at most (their prompts prefilled as one batch, their answers decoded over the KV cache).")]
    public int BatchSize { get; init; } = 32;

    [Description("With a checkpoint: milliseconds a batch short of batchSize waits for more requests before it is decoded.")]
    public double BatchWindowMs { get; init; } = 2;

    [Description("With a checkpoint: prefill the text a batch's prompts share (a template's instructions; for pairwise requests about one document, the document) once, not once per prompt.")]
    public bool SharePrefixes { get; init; } = true;

    [Description("Faults and latency to inject.")]
    public FaultSettings Faults { get; init; } = new();

    [Description("Most choices (n) one request may ask for.")]
    public int MaxChoices { get; init; } = 16;

    [Description("Seconds requests in flight get to finish when the server stops (Ctrl+C).")]
    public double ShutdownGraceSeconds { get; init; } = 5;

    /// <summary>The name requests must ask for: <see cref="Model"/>, else what is served.</summary>
    [JsonIgnore]
    public string ServedModel => Model.Length > 0 ? Model : Checkpoint.Length > 0 ? Checkpoint : OracleModel;

    /// <summary>The address <see cref="Host"/> names.</summary>
    [JsonIgnore]
    public IPAddress Address => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(Host);

    public IEnumerable<string> Validate()
    {
        // Neither is valid too, for a server given its teacher in code (tests, the benchmark); the command requires one.
        if (World.Length > 0 && Checkpoint.Length > 0)
            yield return "world, checkpoint: give one, not both (a TinyWorld's oracle or a sip checkpoint answers)";
        if (!Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(Host, out _))
            yield return $"host: must be an IP address or localhost, got '{Host}'";
        if (Port is < 0 or > 65535) yield return $"port: must be in [0, 65535], got {Port}";
        if (Model.Length > 0 && string.IsNullOrWhiteSpace(Model)) yield return "model: must name the model the server answers to, or be empty";
        if (ApiKeyVariable.Length > 0 && !VariableName().IsMatch(ApiKeyVariable))
            yield return "apiKeyVariable: must be the NAME of an environment variable (letters, digits, underscores), not the key itself";
        if (BatchSize < 1) yield return $"batchSize: must be positive, got {BatchSize}";
        if (!(BatchWindowMs >= 0)) yield return $"batchWindowMs: must be 0 or more, got {BatchWindowMs}";
        if (MaxChoices < 1) yield return $"maxChoices: must be positive, got {MaxChoices}";
        if (!(ShutdownGraceSeconds >= 0)) yield return $"shutdownGraceSeconds: must be 0 or more, got {ShutdownGraceSeconds}";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
