using System.ComponentModel;
using System.Net;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Sip.Server.Faults;
using Sip.World.Oracle;

namespace Sip.Server;

/// <summary>
/// Settings of <c>sip teacher serve</c>: an OpenAI-compatible chat-completions server that answers sip's judge and
/// rewrite prompts for TinyWorld's oracle, with faults injected on demand (docs/teachers.md).
/// </summary>
public sealed partial record ServeSettings : Sip.Settings.ISettingsValidation
{
    [Description("TinyWorld folder (written by `sip world generate`) whose oracle answers.")]
    public string World { get; init; } = "";

    [Description("Address to listen on (an IP address or localhost); loopback by default.")]
    public string Host { get; init; } = "127.0.0.1";

    [Description("Port to listen on; 0 picks a free one (printed at start).")]
    public int Port { get; init; } = 8000;

    [Description("Model name the server answers to (the client's model setting); other names get HTTP 404, as from a real server.")]
    public string Model { get; init; } = "tinyworld-oracle";

    [Description("Name of the environment variable holding the API key clients must send as a Bearer token; empty accepts any request.")]
    public string ApiKeyVariable { get; init; } = "";

    [Description("The oracle judge's noise, biases and seed (its samples setting is not used: each request's seed picks the sample).")]
    public OracleJudgeSettings Oracle { get; init; } = new();

    [Description("Faults and latency to inject.")]
    public FaultSettings Faults { get; init; } = new();

    [Description("Most choices (n) one request may ask for.")]
    public int MaxChoices { get; init; } = 16;

    [Description("Seconds requests in flight get to finish when the server stops (Ctrl+C).")]
    public double ShutdownGraceSeconds { get; init; } = 5;

    /// <summary>The address <see cref="Host"/> names.</summary>
    [JsonIgnore]
    public IPAddress Address => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(Host);

    public IEnumerable<string> Validate()
    {
        if (!Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(Host, out _))
            yield return $"host: must be an IP address or localhost, got '{Host}'";
        if (Port is < 0 or > 65535) yield return $"port: must be in [0, 65535], got {Port}";
        if (string.IsNullOrWhiteSpace(Model)) yield return "model: must name the model the server answers to";
        if (ApiKeyVariable.Length > 0 && !VariableName().IsMatch(ApiKeyVariable))
            yield return "apiKeyVariable: must be the NAME of an environment variable (letters, digits, underscores), not the key itself";
        if (MaxChoices < 1) yield return $"maxChoices: must be positive, got {MaxChoices}";
        if (!(ShutdownGraceSeconds >= 0)) yield return $"shutdownGraceSeconds: must be 0 or more, got {ShutdownGraceSeconds}";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
