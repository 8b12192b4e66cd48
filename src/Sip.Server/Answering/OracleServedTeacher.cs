using System.Collections.Concurrent;
using Sip.Teacher;
using Sip.World.Oracle;

namespace Sip.Server.Answering;

/// <summary>
/// TinyWorld's oracle behind <see cref="TeacherServer"/>: sample k of a verdict over HTTP is sample k of the in-process
/// <see cref="OracleJudge"/> with the same settings (the oracle draws per request content and sample index, never per call),
/// so a chat judge that sends seeds 0..S-1 gets exactly the S samples the in-process oracle gives.
/// </summary>
public sealed class OracleServedTeacher : IServedTeacher
{
    private readonly TinyWorldTeacher _teacher;
    private readonly OracleJudgeSettings _settings;
    private readonly ConcurrentDictionary<int, OracleJudge> _judges = new();

    public OracleServedTeacher(TinyWorldTeacher teacher, OracleJudgeSettings? settings = null)
    {
        _teacher = teacher;
        _settings = (settings ?? new OracleJudgeSettings()) with { Samples = 1 };
        _settings.ThrowIfInvalid();
        Describe = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"tinyworld-oracle {_teacher.Judge.WorldId} noise={_settings.Noise:R} positionBias={_settings.PositionBias:R} lengthBias={_settings.LengthBias:R} seed={_settings.Seed}");
    }

    /// <summary>The oracle of the world in <paramref name="world"/> (a folder written by <c>sip world generate</c>).</summary>
    public static OracleServedTeacher Load(string world, OracleJudgeSettings? settings = null) => new(TinyWorldTeacher.Load(world), settings);

    public string Describe { get; }

    public ServedVerdict Judge(JudgeRequest request, int sample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        // The oracle's samples are a prefix-stable sequence: sample k is the same whatever the sample count.
        var judge = _judges.GetOrAdd(sample + 1, count => new OracleJudge(_teacher.Analyzer, _settings with { Samples = count }));
        var judgment = judge.Judge(request);
        return new ServedVerdict(judgment.Samples[sample]!.Value, $"TinyWorld oracle: {judgment.Raw![sample]}.");
    }

    public string Rewrite(RewriteRequest request) => _teacher.Rewriter.Rewrite(request).Text!;
}
