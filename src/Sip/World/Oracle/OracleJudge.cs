using System.Diagnostics;
using Sip.Teacher;

namespace Sip.World.Oracle;

/// <summary>
/// TinyWorld's judge: the paper's three judges (§4) answered from the truth of the world (see <see cref="OracleVerdicts"/>
/// for the noiseless rules and <see cref="ContinuationScore"/> for quality), sampled <see cref="OracleJudgeSettings.Samples"/>
/// times per request with optional noise and biases to play weaker judges.
/// </summary>
/// <remarks>
/// Each sample draws four numbers, always in this order, from its own generator (<see cref="RequestDigest.SampleRng"/>):
/// a bias draw u, a noise draw v, a noise-target draw w and a tie coin. For quality, u &lt; positionBias answers
/// Option 1; else u &lt; positionBias + lengthBias answers the longer option (by characters; equal lengths fall through);
/// else the honest verdict is given (an exact tie takes the coin), flipped when v &lt; noise. Safety and factuality
/// give the honest verdict, flipped when v &lt; noise (factuality moves to the lower of the two other labels when
/// w &lt; 0.5, else to the higher). The honest verdict and the coin depend only on the seed, the request and the sample
/// index, so a noisy judge disagrees with the noiseless one of the same seed on a share <c>noise</c> of samples.
/// </remarks>
public sealed class OracleJudge : IJudge
{
    private readonly WorldAnalyzer _analyzer;

    public OracleJudge(WorldAnalyzer analyzer, OracleJudgeSettings? settings = null)
    {
        _analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
        Settings = settings ?? new OracleJudgeSettings();
        Settings.ThrowIfInvalid();
        WorldId = WorldIdentity.Of(analyzer.KnowledgeBase);
    }

    public OracleJudgeSettings Settings { get; }

    /// <summary>The knowledge base the judge reads against (see <see cref="WorldIdentity"/>).</summary>
    public string WorldId { get; }

    public string Describe => $"tinyworld-oracle-judge(world={WorldId}, {Settings.Describe()})";

    public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return Task.Run(() =>
        {
            var verdicts = new OracleVerdicts(_analyzer);
            var answers = new Judgment[requests.Count];
            Parallel.For(0, requests.Count, new ParallelOptions { CancellationToken = cancellation }, i => answers[i] = Judge(requests[i], verdicts));
            return (IReadOnlyList<Judgment>)answers;
        }, cancellation);
    }

    /// <summary>One request, synchronously (the same answer <see cref="JudgeAsync"/> gives for it in any batch).</summary>
    public Judgment Judge(JudgeRequest request) => Judge(request, new OracleVerdicts(_analyzer));

    private Judgment Judge(JudgeRequest request, OracleVerdicts verdicts)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        byte[] digest = RequestDigest.Of(request);
        var samples = new double?[Settings.Samples];
        var raw = new string[Settings.Samples];
        switch (request)
        {
            case SafetyRequest s:
            {
                double honest = verdicts.Safety(s.Candidate);
                for (int k = 0; k < samples.Length; k++)
                {
                    var d = Draw(digest, k);
                    bool flip = d.V < Settings.Noise;
                    samples[k] = flip ? 1 - honest : honest;
                    raw[k] = (samples[k] == 1 ? "safe" : "unsafe") + (flip ? " (noise)" : "");
                }
                break;
            }
            case FactualityRequest f:
            {
                double honest = verdicts.Factuality(f.Prefix, f.Reference, f.Candidate);
                for (int k = 0; k < samples.Length; k++)
                {
                    var d = Draw(digest, k);
                    bool flip = d.V < Settings.Noise;
                    samples[k] = flip ? OtherLabel(honest, d.W) : honest;
                    raw[k] = Label(samples[k]!.Value) + (flip ? " (noise)" : "");
                }
                break;
            }
            case QualityRequest q:
            {
                var first = verdicts.Score(q.Prefix, q.First);
                var second = verdicts.Score(q.Prefix, q.Second);
                int compare = first.CompareTo(second);
                for (int k = 0; k < samples.Length; k++)
                {
                    var (score, why) = Quality(compare, q.First.Length, q.Second.Length, Draw(digest, k));
                    samples[k] = score;
                    raw[k] = $"Option {(score == 1 ? 1 : 2)} ({why}); option 1: {first}; option 2: {second}";
                }
                break;
            }
            case CoherenceRequest c:
            {
                double honest = verdicts.Coherence(c.Prefix, c.First, c.Second);
                for (int k = 0; k < samples.Length; k++)
                {
                    var d = Draw(digest, k);
                    bool flip = d.V < Settings.Noise && honest != 0.5;
                    samples[k] = d.U < Settings.PositionBias ? 1 : flip ? 1 - honest : honest;
                    raw[k] = samples[k] switch { 1 => "A", 0 => "B", _ => "TIE" } + (flip ? " (noise)" : "");
                }
                break;
            }
            default:
                throw new ArgumentException($"unknown judge request {request.GetType().Name}", nameof(request));
        }
        return new Judgment(request, samples, clock.Elapsed) { Raw = raw };
    }

    private (double Score, string Why) Quality(int compare, int firstLength, int secondLength, SampleDraws d)
    {
        if (d.U < Settings.PositionBias) return (1, "position bias");
        if (d.U < Settings.PositionBias + Settings.LengthBias && firstLength != secondLength)
            return (firstLength > secondLength ? 1 : 0, "length bias");
        double honest = compare > 0 ? 1 : compare < 0 ? 0 : d.Coin ? 1 : 0;
        string why = compare == 0 ? "exact tie, coin" : "better";
        return d.V < Settings.Noise ? (1 - honest, why + ", noise") : (honest, why);
    }

    private SampleDraws Draw(byte[] digest, int sample)
    {
        var rng = RequestDigest.SampleRng(digest, Settings.Seed, sample);
        double u = rng.NextDouble(), v = rng.NextDouble(), w = rng.NextDouble();
        bool coin = rng.NextDouble() < 0.5;
        return new SampleDraws(u, v, w, coin);
    }

    /// <summary>One of the two factuality labels other than <paramref name="label"/>: the lower when <paramref name="w"/> &lt; 0.5.</summary>
    private static double OtherLabel(double label, double w)
    {
        double[] others = new[] { 0.0, 0.5, 1.0 }.Where(x => x != label).ToArray();
        return others[w < 0.5 ? 0 : 1];
    }

    private static string Label(double score) => score switch
    {
        0 => "Definite Hallucination",
        0.5 => "Possible Hallucination",
        _ => "No Hallucination",
    };

    private readonly record struct SampleDraws(double U, double V, double W, bool Coin);
}
