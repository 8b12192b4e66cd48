using ScottPlot;

namespace Sip.Reporting;

/// <summary>PNG charts for reports: metric curves over training steps and grouped bars with intervals for final tables.</summary>
public static class Charts
{
    /// <summary>A named series of (step, value) points.</summary>
    public sealed record Series(string Label, IReadOnlyList<double> Steps, IReadOnlyList<double> Values);

    /// <summary>A bar with its 95% interval.</summary>
    public sealed record Bar(double Value, double Low, double High);

    public const int Width = 900;
    public const int Height = 500;

    /// <summary>Lines over training steps, one per series (e.g. one per run), optionally smoothed with a trailing moving average.</summary>
    public static void Lines(string path, string title, string yLabel, IReadOnlyList<Series> series, int smooth = 1)
    {
        var plot = new Plot();
        foreach (var s in series.Where(s => s.Values.Count > 0))
        {
            var values = Smooth(s.Values, smooth);
            var line = plot.Add.ScatterLine(s.Steps.ToArray(), values);
            line.LegendText = s.Label;
            line.LineWidth = 2;
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right); // beside the data, never over it
        Save(plot, path);
    }

    /// <summary>
    /// Grouped bars: one group per category (e.g. a metric), one colour per series (e.g. a run), each with its interval.
    /// <paramref name="values"/>[series][category]; a NaN value leaves its bar out.
    /// </summary>
    public static void GroupedBars(string path, string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<string> seriesNames,
        IReadOnlyList<IReadOnlyList<Bar>> values)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int seriesCount = seriesNames.Count;
        double width = 0.8 / seriesCount;
        for (int s = 0; s < seriesCount; s++)
        {
            var bars = new List<ScottPlot.Bar>();
            var (xs, ys, up, down) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            for (int c = 0; c < categories.Count; c++)
            {
                var bar = values[s][c];
                if (double.IsNaN(bar.Value)) continue;
                double x = c + (s - (seriesCount - 1) / 2.0) * width;
                bars.Add(new ScottPlot.Bar { Position = x, Value = bar.Value, Size = width * 0.95, FillColor = palette.GetColor(s) });
                xs.Add(x);
                ys.Add(bar.Value);
                up.Add(bar.High - bar.Value);
                down.Add(bar.Value - bar.Low);
            }
            var added = plot.Add.Bars(bars);
            added.LegendText = seriesNames[s];
            added.Color = palette.GetColor(s);
            // Bootstrap intervals need not be symmetric: draw them as asymmetric error bars over the bars.
            var errors = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, up, down) { Color = Colors.Black, LineWidth = 1.5f };
            plot.Add.Plottable(errors);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right); // beside the data, never over it
        Save(plot, path);
    }

    private static double[] Smooth(IReadOnlyList<double> values, int window)
    {
        if (window <= 1) return values.ToArray();
        var result = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }

    private static void Save(Plot plot, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, Width, Height);
    }
}
