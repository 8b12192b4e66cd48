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
        var drawn = series.Where(s => s.Values.Count > 0).ToList();
        for (int i = 0; i < drawn.Count; i++)
        {
            var values = Smooth(drawn[i].Values, smooth);
            var line = plot.Add.ScatterLine(drawn[i].Steps.ToArray(), values);
            line.LegendText = drawn[i].Label;
            line.LineWidth = 2;
            line.Color = SeriesColor(i, drawn.Count);
            // Past the palette's colours, repeat them dashed, then dotted: every run stays distinguishable.
            line.LinePattern = (i / PaletteSize(drawn.Count)) switch { 0 => LinePattern.Solid, 1 => LinePattern.Dashed, _ => LinePattern.Dotted };
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
                bars.Add(new ScottPlot.Bar { Position = x, Value = bar.Value, Size = width * 0.95, FillColor = SeriesColor(s, seriesCount) });
                xs.Add(x);
                ys.Add(bar.Value);
                up.Add(bar.High - bar.Value);
                down.Add(bar.Value - bar.Low);
            }
            var added = plot.Add.Bars(bars);
            added.LegendText = seriesNames[s];
            added.Color = SeriesColor(s, seriesCount);
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

    /// <summary>Colour of series <paramref name="index"/> of <paramref name="count"/>: Category10 up to ten series,
    /// Category20 beyond (a reproduction with every ablation has 19 runs), cycling past twenty.</summary>
    internal static Color SeriesColor(int index, int count) =>
        (count <= 10 ? new ScottPlot.Palettes.Category10() : (IPalette)new ScottPlot.Palettes.Category20()).GetColor(index % PaletteSize(count));

    private static int PaletteSize(int count) => count <= 10 ? 10 : 20;

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
