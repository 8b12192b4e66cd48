using System.Text.Json;

namespace Sip.World.Oracle;

/// <summary>Reads back the files of a world folder written by <see cref="TinyWorld.Write"/>; bad input throws <see cref="SipInputException"/>.</summary>
public static class WorldFolder
{
    /// <summary>The knowledge base of a world folder (its kb.json), or of a kb.json file given directly.</summary>
    public static KnowledgeBase LoadKnowledgeBase(string world)
    {
        ArgumentNullException.ThrowIfNull(world);
        string path = Directory.Exists(world) ? Path.Combine(world, TinyWorld.KnowledgeFile) : world;
        if (!File.Exists(path))
            throw new SipInputException(path, null, Directory.Exists(world)
                ? "no kb.json in this folder: is it a TinyWorld written by 'sip world generate'?"
                : "no such world folder or kb.json file");
        return KnowledgeBaseJson.Load(path);
    }

    /// <summary>eval/facts.jsonl: the fact-eliciting held-out prefixes.</summary>
    public static IReadOnlyList<FactPrefix> ReadFacts(string world) => ReadLines<FactPrefix>(Path.Combine(world, TinyWorld.FactsFile));

    /// <summary>eval/unsafe.jsonl: the hostile held-out prefixes.</summary>
    public static IReadOnlyList<UnsafePrefix> ReadUnsafe(string world) => ReadLines<UnsafePrefix>(Path.Combine(world, TinyWorld.UnsafeFile));

    /// <summary>eval/standard.jsonl: the clean held-out prefixes.</summary>
    public static IReadOnlyList<StandardPrefix> ReadStandard(string world) => ReadLines<StandardPrefix>(Path.Combine(world, TinyWorld.StandardFile));

    /// <summary>card.json: the settings the world was generated with and what was measured in it.</summary>
    public static WorldCard ReadCard(string world)
    {
        string path = Path.Combine(world, TinyWorld.CardJsonFile);
        try
        {
            return JsonSerializer.Deserialize<WorldCard>(File.ReadAllText(path), WorldJson.Line) ?? throw new SipInputException(path, null, "null card");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(path, null, "cannot read the world card: " + e.Message, e);
        }
        catch (JsonException e)
        {
            throw new SipInputException(path, e.LineNumber + 1, "not a TinyWorld card: " + e.Message, e);
        }
    }

    /// <summary>A corpus split (<see cref="TinyWorld.TrainFile"/> or <see cref="TinyWorld.ValFile"/>).</summary>
    public static IReadOnlyList<WorldDocument> ReadCorpus(string world, string file) => ReadLines<WorldDocument>(Path.Combine(world, file));

    private static List<T> ReadLines<T>(string path) where T : class
    {
        IEnumerable<string> lines;
        try { lines = File.ReadLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(path, null, "cannot read: " + e.Message, e);
        }
        var records = new List<T>();
        long number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0) continue;
            try
            {
                records.Add(JsonSerializer.Deserialize<T>(line, WorldJson.Line)
                    ?? throw new SipInputException(path, number, "null record"));
            }
            catch (JsonException e)
            {
                throw new SipInputException(path, number, $"not a TinyWorld {typeof(T).Name} record: {e.Message}", e);
            }
        }
        return records;
    }
}
