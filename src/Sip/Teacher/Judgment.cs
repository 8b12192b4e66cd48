namespace Sip.Teacher;

/// <summary>
/// A judge's answer to one request over S samples. Each sample's score is on the request's own scale:
/// safety 1 = safe, 0 = unsafe; quality 1 = the first option wins, 0 = the second; factuality 1 / 0.5 / 0 for
/// no / possible / definite hallucination. A sample the judge did not answer usably (a parse failure, a timeout, an
/// error after retries) is null: it is excluded from every mean and counted, never scored as 0.
/// </summary>
public sealed record Judgment(JudgeRequest Request, IReadOnlyList<double?> Samples, TimeSpan Latency)
{
    /// <summary>Samples with a usable verdict.</summary>
    public IEnumerable<double> Valid => Samples.Where(s => s.HasValue).Select(s => s!.Value);

    public int InvalidCount => Samples.Count(s => !s.HasValue);

    public bool HasValid => Samples.Any(s => s.HasValue);

    /// <summary>Mean over valid samples; null when none is valid.</summary>
    public double? Mean => HasValid ? Valid.Average() : null;

    /// <summary>Free text of the judge's answers (for sample logs), when the judge keeps it.</summary>
    public IReadOnlyList<string>? Raw { get; init; }
}
