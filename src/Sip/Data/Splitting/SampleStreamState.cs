using System.Text.Json;
using Sip.Data.Documents;

namespace Sip.Data.Splitting;

/// <summary>
/// Everything a <see cref="SampleStream"/> needs to continue exactly where it stopped: restoring it and
/// reading on gives the very samples, and the very counts, an uninterrupted stream would have given.
/// Serialise it with <see cref="ToJson"/> next to a checkpoint.
/// </summary>
public sealed record SampleStreamState
{
    /// <summary>The first record not yet consumed in the current epoch.</summary>
    public DocumentPosition Next { get; init; } = DocumentPosition.Start;

    /// <summary>The split generator's state (<see cref="Rng.State"/>) at <see cref="Next"/>.</summary>
    public required ulong[] RngState { get; init; }

    /// <summary>0-based pass over the corpus.</summary>
    public int Epoch { get; init; }

    /// <summary>The counts up to <see cref="Next"/>.</summary>
    public DataStats Stats { get; init; } = new();

    /// <summary>
    /// <see cref="DocumentSource.Fingerprint"/> of the corpus the position refers to; null skips the check.
    /// A changed file list would shift every file index and resume somewhere else without a word.
    /// </summary>
    public string? CorpusFingerprint { get; init; }

    /// <summary>The state of a stream that has read nothing yet, splitting with <paramref name="rng"/>.</summary>
    public static SampleStreamState Start(Rng rng) => new() { RngState = rng.State };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Indented);

    /// <exception cref="SipInputException">The text is not a saved stream state.</exception>
    public static SampleStreamState FromJson(string json, string source = "stream state")
    {
        try
        {
            return JsonSerializer.Deserialize<SampleStreamState>(json)
                ?? throw new SipInputException(source, null, "holds null, not a stream state");
        }
        catch (JsonException e)
        {
            throw new SipInputException(source, e.LineNumber + 1, $"not a stream state: {e.Message}", e);
        }
    }
}
