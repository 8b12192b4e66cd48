using System.Globalization;

namespace Sip.Reproduction;

/// <summary>
/// Seconds spent training a run, kept in its folder and added to by every invocation that trains it further, so a
/// reproduction resumed in its folder reports what each run cost, not the near-zero time of reusing it.
/// </summary>
public static class TrainingTime
{
    public const string FileName = "training-seconds.txt";

    /// <summary>Adds <paramref name="seconds"/> to the run's recorded time and returns the total.</summary>
    public static double Add(string runFolder, double seconds)
    {
        var path = Path.Combine(runFolder, FileName);
        double total = seconds;
        if (File.Exists(path) && double.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var earlier)) total += earlier;
        Directory.CreateDirectory(runFolder);
        File.WriteAllText(path, total.ToString("R", CultureInfo.InvariantCulture));
        return total;
    }
}
