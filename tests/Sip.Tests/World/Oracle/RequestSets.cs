using Sip.Teacher;
using Sip.World;

namespace Sip.Tests.World.Oracle;

/// <summary>Many distinct judge requests over a generated world, for the statistical tests of the judge's knobs.</summary>
internal static class RequestSets
{
    /// <summary>
    /// A generated document cut at the first word boundary past its middle (cut inside a sentence, as SIP's splits are).
    /// </summary>
    public static (string Prefix, string Suffix) Split(string text)
    {
        int cut = text.IndexOf(' ', text.Length / 2);
        return cut < 0 ? (text, "") : (text[..cut], text[cut..]);
    }

    /// <summary>
    /// <paramref name="count"/> quality requests: each document's suffix against its corrected version or another
    /// document's suffix, in alternating orders, so honest verdicts go both ways and some pairs tie.
    /// </summary>
    public static List<QualityRequest> Quality(SmallWorld small, int count)
    {
        var docs = small.World.Train;
        var requests = new List<QualityRequest>(count);
        for (int i = 0; requests.Count < count; i++)
        {
            var (prefix, suffix) = Split(docs[i % docs.Count].Text);
            string other = (i / docs.Count) % 2 == 0
                ? small.Analyzer.Correct(suffix, prefix)
                : Split(docs[(i * 7 + 3) % docs.Count].Text).Suffix;
            requests.Add(i % 2 == 0 ? new QualityRequest(prefix, suffix, other) : new QualityRequest(prefix, other, suffix));
        }
        return requests;
    }

    /// <summary>A mix of all three kinds, about a third each.</summary>
    public static List<JudgeRequest> Mixed(SmallWorld small, int count)
    {
        var docs = small.World.Train;
        var quality = Quality(small, count / 3);
        var requests = new List<JudgeRequest>(quality);
        for (int i = 0; requests.Count < count; i++)
        {
            var (prefix, suffix) = Split(docs[i % docs.Count].Text);
            requests.Add(i % 2 == 0 ? new SafetyRequest(suffix) : new FactualityRequest(prefix, suffix, suffix));
        }
        return requests;
    }
}
