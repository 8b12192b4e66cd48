using System.Text.Json;
using Sip.Data;
using Sip.Model.Checkpoints;
using Sip.Settings;

namespace Sip.Training.Checkpointing;

/// <summary>
/// The parts every trainer's checkpoint shares: the policy (<see cref="PolicyCheckpoint"/>), the optimizer state
/// (<c>optimizer.safetensors</c>), the loop's own state (<c>trainer.json</c>) and the resolved settings (<c>settings.json</c>).
/// </summary>
public static class TrainerCheckpoint
{
    public const string SettingsFileName = "settings.json";
    public const string StateFileName = "trainer.json";
    public const string OptimizerFileName = "optimizer.safetensors";

    public static void Save<TState, TSettings>(string folder, TState state, TSettings settings, PolicyUpdater updater, ITokenizer tokenizer)
        where TSettings : class
    {
        PolicyCheckpoint.Save(folder, updater.Master, tokenizer);
        SafeTensors.Save(Path.Combine(folder, OptimizerFileName), updater.Optimizer.StateTensors());
        File.WriteAllText(Path.Combine(folder, StateFileName), JsonSerializer.Serialize(state, PolicyCheckpoint.Json));
        SettingsFile.Save(settings, Path.Combine(folder, SettingsFileName));
    }

    /// <summary>Loads weights and optimizer into <paramref name="updater"/> and returns the loop state.</summary>
    public static TState Restore<TState>(string folder, PolicyUpdater updater)
    {
        PolicyCheckpoint.LoadWeights(updater.Master, Path.Combine(folder, PolicyCheckpoint.WeightsFile));
        var optimizerFile = Path.Combine(folder, OptimizerFileName);
        var (optimizerState, _) = SafeTensors.Load(optimizerFile);
        try
        {
            updater.Optimizer.LoadState(optimizerState, optimizerFile);
        }
        finally
        {
            foreach (var t in optimizerState.Values) t.Dispose();
        }
        updater.Resync();
        var stateFile = Path.Combine(folder, StateFileName);
        try
        {
            return JsonSerializer.Deserialize<TState>(File.ReadAllText(stateFile), PolicyCheckpoint.Json)
                ?? throw new SipInputException(stateFile, null, "empty trainer state");
        }
        catch (JsonException e)
        {
            throw new SipInputException(stateFile, e.LineNumber + 1, $"not a trainer state: {e.Message}", e);
        }
    }
}
