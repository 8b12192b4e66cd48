namespace Sip.Training.Checkpointing;

/// <summary>Accepts what users point at: a checkpoint folder, or a run folder whose newest checkpoint is meant.</summary>
public static class CheckpointLocator
{
    public static string Resolve(string path)
    {
        if (File.Exists(Path.Combine(path, PolicyCheckpoint.WeightsFile))) return Path.GetFullPath(path);
        var run = Path.Combine(path, "checkpoints");
        if (Directory.Exists(run) && new CheckpointStore(run, 1).Latest() is { } latest) return latest;
        if (Directory.Exists(path) && new CheckpointStore(path, 1).Latest() is { } inStore) return inStore;
        throw new SipInputException(path, null, $"no checkpoint here: expected {PolicyCheckpoint.WeightsFile}, or a run folder with checkpoints/latest");
    }
}
