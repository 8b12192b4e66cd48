using System.Text.Json;
using Sip.Reproduction;
using Sip.Tests.Reporting;

namespace Sip.Tests.Reproduction;

public sealed class ReproduceQuickTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sip-reproduce-").FullName;
    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void QuickReproduction_WritesTheReportTablePlotsAndRawResults()
    {
        // The structure of the report, not its numbers: --quick is too small to say anything about the method.
        var log = new List<string>();
        var report = ReproducePipeline.Run(new ReproduceSettings { Out = _root, Quick = true }, "sip reproduce --quick", log.Add);

        var markdown = File.ReadAllText(Path.Combine(report, ReportWriter.ReportFile));
        Assert.Contains("| run | GQ std | GQ unsafe | Coherence | Factuality | Safety | val ppl |", markdown);
        string[] runs = ["Base (NTP)", ReproducePipeline.NtpRunName, "SIP quality", "SIP factuality", "SIP safety", "RF-NLL safety", "SFT on rewrites"];
        foreach (var run in runs) Assert.Contains($"| {run} | ", markdown);
        Assert.Contains("## Against continual NTP", markdown);
        Assert.Contains("```json", markdown);

        foreach (var plot in ReportWriter.PlotFiles)
            Assert.Equal((Sip.Reporting.Charts.Width, Sip.Reporting.Charts.Height), ChartsTests.PngSize(Path.Combine(report, plot)));

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, ReportWriter.ResultsFile)));
        Assert.Equal(runs, results.RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.All(results.RootElement.EnumerateArray(), r => Assert.Equal(3, r.GetProperty("eval").GetProperty("sets").GetArrayLength()));
        Assert.Contains(log, l => l.Contains("report:"));

        // Run again in the same folder: everything is reused, nothing retrained.
        log.Clear();
        ReproducePipeline.Run(new ReproduceSettings { Out = _root, Quick = true }, "sip reproduce --quick", log.Add);
        Assert.Contains(log, l => l.Contains("already trained, reused"));
    }

    [Fact]
    public void AFolderHoldingAnotherReproduction_IsRefused()
    {
        File.WriteAllText(Path.Combine(_root, "settings.json"), "{\"seed\": 99}");
        var error = Assert.Throws<SipInputException>(() => ReproducePipeline.Run(new ReproduceSettings { Out = _root, Quick = true }, "x", _ => { }));
        Assert.Contains("other settings", error.Message);
    }
}
