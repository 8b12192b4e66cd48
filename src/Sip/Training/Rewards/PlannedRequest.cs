using Sip.Teacher;

namespace Sip.Training.Rewards;

/// <summary>
/// One request of a <see cref="JudgePlan"/> and the candidates it concerns, by index into the plan's pool, so the
/// answer can be mapped back.
/// </summary>
/// <param name="Request">What the judge is asked.</param>
/// <param name="Axis">Which reward axis the answer feeds.</param>
/// <param name="First">The candidate judged (pointwise), or the one shown as Option 1 (quality).</param>
/// <param name="Second">The candidate shown as Option 2 (quality); null for pointwise requests.</param>
public sealed record PlannedRequest(JudgeRequest Request, JudgeAxis Axis, int First, int? Second = null);
