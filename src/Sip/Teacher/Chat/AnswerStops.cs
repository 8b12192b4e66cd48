using Microsoft.Extensions.AI;

namespace Sip.Teacher.Chat;

/// <summary>
/// The stop sequences of one call (<see cref="ChatOptions.StopSequences"/>, the OpenAI protocol's <c>stop</c>), honoured
/// as OpenAI-compatible servers honour them: the answer ends where the first of them appears, finish reason stop, and
/// the stop sequence is left out of it; or kept, when the call asks for that with vLLM's
/// <c>include_stop_str_in_output</c> (<see cref="KeepProperty"/> in <see cref="ChatOptions.AdditionalProperties"/>), as
/// sip's judges do to end an answer at its verdict line (<c>VerdictStops</c>). sip's in-process clients
/// and <c>sip teacher serve</c> decide with this one class.
/// </summary>
public sealed class AnswerStops
{
    /// <summary>The request field, and the <see cref="ChatOptions.AdditionalProperties"/> key, that keeps the stop sequence in the answer (vLLM's name).</summary>
    public const string KeepProperty = "include_stop_str_in_output";

    private readonly string[] _stops;

    private AnswerStops(string[] stops, bool keep)
    {
        _stops = stops;
        Keep = keep;
    }

    /// <summary>Whether the stop sequence stays at the end of the answer.</summary>
    public bool Keep { get; }

    /// <summary>The stops a call asks for; null when it asks for none (empty sequences are none).</summary>
    public static AnswerStops? Of(IEnumerable<string>? stops, bool keep)
    {
        var kept = stops?.Where(s => s.Length > 0).Distinct().ToArray() ?? [];
        return kept.Length == 0 ? null : new AnswerStops(kept, keep);
    }

    /// <summary>The stops of <paramref name="options"/>; null when it has none.</summary>
    public static AnswerStops? Of(ChatOptions? options) =>
        Of(options?.StopSequences, options?.AdditionalProperties?.TryGetValue(KeepProperty, out var keep) == true && keep is true);

    /// <summary>
    /// Where an answer that reads <paramref name="text"/> so far ends: at the first stop sequence in it (the one that
    /// starts first; of two starting together, the shorter, which was written first), after it when it is kept; null
    /// while none has appeared.
    /// </summary>
    public int? End(string text)
    {
        int bestStart = int.MaxValue, bestLength = 0;
        foreach (var stop in _stops)
        {
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (at < bestStart || (at == bestStart && stop.Length < bestLength))) (bestStart, bestLength) = (at, stop.Length);
        }
        return bestStart == int.MaxValue ? null : Keep ? bestStart + bestLength : bestStart;
    }
}
