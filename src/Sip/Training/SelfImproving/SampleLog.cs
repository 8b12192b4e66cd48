using System.Text.Json;
using Sip.Training.Rewards;

namespace Sip.Training.SelfImproving;

/// <summary>Appends one prefix's pool, rewards and choice to a JSONL file: what a researcher reads to see what the judge prefers.</summary>
public static class SampleLog
{
    public static void Append(string path, long step, SipStepOutcome outcome)
    {
        if (outcome.Pools.Count == 0) return;
        var pool = outcome.Pools[0];
        var selection = outcome.Selections.Count > 0 ? outcome.Selections[0] : null;
        var record = new
        {
            step,
            document = pool.Sample.DocumentId,
            prefix = pool.Sample.PrefixText,
            candidates = pool.Candidates.Select((c, i) =>
            {
                var rewards = selection?.Rewards.Candidates[i];
                return new { kind = c.ToString(), text = c.Text, quality = rewards?.Quality, safety = rewards?.Safety, factuality = rewards?.Factuality, total = rewards?.Total };
            }),
            chosen = selection?.Chosen?.Candidate.ToString(),
            rejected = selection?.Rejected?.Candidate.ToString(),
            skipped = selection?.Skipped?.ToString(),
        };
        File.AppendAllText(path, JsonSerializer.Serialize(record) + "\n");
    }
}
