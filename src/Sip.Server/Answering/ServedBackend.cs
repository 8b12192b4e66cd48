using System.Globalization;
using Sip.Data.Tokenization;
using Sip.Teacher.Local;
using Sip.Training.Checkpointing;

namespace Sip.Server.Answering;

/// <summary>What <see cref="ServeSettings"/> say to serve: a TinyWorld's oracle (<c>world</c>) or a sip checkpoint (<c>checkpoint</c>), exactly one.</summary>
internal static class ServedBackend
{
    /// <summary>The backend, and what the server must release when it is done with it (the loaded model; nothing for an oracle).</summary>
    /// <exception cref="SipInputException">Neither or both named, or what is named cannot be loaded.</exception>
    public static (IChatBackend Backend, IDisposable? Owned) Load(ServeSettings settings)
    {
        bool world = settings.World.Length > 0, checkpoint = settings.Checkpoint.Length > 0;
        if (world == checkpoint)
            throw new SipInputException("world, checkpoint", null, world
                ? "give one, not both (a TinyWorld's oracle or a sip checkpoint answers)"
                : "say what answers: --world DIR (a TinyWorld folder from sip world generate: its oracle) or --checkpoint DIR (a sip checkpoint or run folder, e.g. from sip teacher train)");
        if (world) return (new OracleChatBackend(OracleServedTeacher.Load(settings.World, settings.Oracle)), null);

        var client = ModelChatClient.Load(settings.Checkpoint, settings.BatchSize, TimeSpan.FromMilliseconds(settings.BatchWindowMs), settings.SharePrefixes);
        // The client has checked that the tokenizer is a chat one.
        var tokenizer = (ByteLevelBpeTokenizer)PolicyCheckpoint.LoadTokenizer(CheckpointLocator.Resolve(settings.Checkpoint));
        return (new ModelChatBackend(client, tokenizer, client.ContextSize, Describe(settings.Checkpoint)), client);
    }

    /// <summary>The checkpoint as the answers' fingerprint names it: its folder, and its weights' size and time, which change when it is retrained.</summary>
    private static string Describe(string checkpoint)
    {
        var folder = CheckpointLocator.Resolve(checkpoint);
        var weights = new FileInfo(Path.Combine(folder, PolicyCheckpoint.WeightsFile));
        return string.Create(CultureInfo.InvariantCulture, $"sip-checkpoint {folder} size={weights.Length} written={weights.LastWriteTimeUtc:yyyy-MM-ddTHH:mm:ssZ}");
    }
}
