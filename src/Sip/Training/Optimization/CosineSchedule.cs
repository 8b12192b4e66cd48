namespace Sip.Training.Optimization;

/// <summary>Linear warmup to the peak, then a half cosine down to peak × minLrRatio at the last step.</summary>
public static class CosineSchedule
{
    /// <param name="step">0-based index of the optimizer step about to run</param>
    /// <param name="totalSteps">steps in the whole run</param>
    /// <param name="settings">peak, warmup and floor</param>
    public static double LearningRate(long step, long totalSteps, OptimSettings settings)
    {
        double peak = settings.Lr, floor = settings.Lr * settings.MinLrRatio;
        if (step < settings.WarmupSteps) return peak * (step + 1) / settings.WarmupSteps;
        long decaySteps = Math.Max(1, totalSteps - settings.WarmupSteps - 1);
        double progress = Math.Clamp((double)(step - settings.WarmupSteps) / decaySteps, 0, 1);
        return floor + (peak - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
