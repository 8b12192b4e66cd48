using Sip.Settings;
using Sip.Training.Optimization;
using Sip.Training.Pretraining;

namespace Sip.Tests.Settings;

public sealed class SettingsDriftTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sip-drift-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void WhatShapesTraining_IsReported_AndBookkeepingIsNot()
    {
        var saved = new PretrainSettings { Steps = 10, LogEvery = 5, Optim = new OptimSettings { Lr = 3e-4 } };
        var path = Path.Combine(_dir, "settings.json");
        SettingsFile.Save(saved, path);

        var now = saved with { Steps = 20, LogEvery = 1, Out = "elsewhere", Optim = saved.Optim with { Lr = 1e-4 }, Seed = saved.Seed + 1 };

        var changes = SettingsDrift.Between(path, now);
        Assert.Equal(2, changes.Count);
        Assert.Contains(changes, c => c.StartsWith("optim.lr: ", StringComparison.OrdinalIgnoreCase) && c.Contains("0.0003") && c.Contains("0.0001"));
        Assert.Contains(changes, c => c.StartsWith("seed: ", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(SettingsDrift.Between(path, saved));
        Assert.Empty(SettingsDrift.Between(Path.Combine(_dir, "missing.json"), now));
    }
}
