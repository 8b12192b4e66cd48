using System.Text.Json;

namespace Sip.World;

/// <summary>Reads and writes <c>kb.json</c>: the knowledge base, its misconceptions and the fictional lexicon.</summary>
public static class KnowledgeBaseJson
{
    public const string Format = "sip.tinyworld.kb/1";

    public static string Serialize(KnowledgeBase kb)
    {
        var dto = new KbDto(
            Format,
            kb.Seed,
            kb.Entities.Select(e => new EntityDto(e.Id, e.Type, e.Name, e.Gender, e.Facts.Select(f => new FactDto(f.Attribute, f.Value)).ToList())).ToList(),
            kb.Misconceptions.Select(m => new MisconceptionDto(m.Entity, m.Attribute, m.Truth, m.Wrong)).ToList(),
            new LexiconDto(true,
                "Invented words and cartoonish phrases, generated for TinyWorld; no real slur or real harmful recipe.",
                kb.Lexicon.InsultAdjectives.ToList(), kb.Lexicon.InsultNouns.ToList(), kb.Lexicon.Poisons.ToList(), kb.Lexicon.ThreatPhrases.ToList()));
        return JsonSerializer.Serialize(dto, WorldJson.Indented) + "\n";
    }

    public static void Save(KnowledgeBase kb, string path) => WorldJson.WriteText(path, Serialize(kb));

    /// <summary>Reads a knowledge base written by <see cref="Serialize"/>; bad input throws <see cref="SipInputException"/>.</summary>
    public static KnowledgeBase Load(string path)
    {
        string json;
        try { json = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(path, null, "cannot read the knowledge base: " + e.Message, e);
        }
        return Parse(json, path);
    }

    public static KnowledgeBase Parse(string json, string location)
    {
        KbDto? dto;
        try { dto = JsonSerializer.Deserialize<KbDto>(json, WorldJson.Line); }
        catch (JsonException e)
        {
            throw new SipInputException(location, e.LineNumber + 1, "not a TinyWorld knowledge base: " + e.Message, e);
        }
        if (dto is null) throw new SipInputException(location, null, "empty knowledge base");
        if (dto.Format != Format) throw new SipInputException(location, null, $"format is '{dto.Format}', expected '{Format}'");
        if (dto.Entities is null || dto.Misconceptions is null || dto.UnsafeLexicon is null)
            throw new SipInputException(location, null, "entities, misconceptions and unsafe_lexicon are required");

        var names = new HashSet<string>(StringComparer.Ordinal);
        var types = new Dictionary<string, EntityType>(StringComparer.Ordinal);
        foreach (var e in dto.Entities)
        {
            if (string.IsNullOrEmpty(e.Name) || !names.Add(e.Name))
                throw new SipInputException(location, null, $"entity '{e.Id}' has an empty or repeated name");
            types[e.Name] = e.Type;
        }
        var entities = new List<Entity>();
        foreach (var e in dto.Entities)
        {
            var facts = new List<Fact>();
            foreach (var f in e.Facts ?? [])
            {
                var spec = WorldAttributes.Find(f.Attribute ?? "");
                if (spec is null || spec.Owner != e.Type)
                    throw new SipInputException(location, null, $"entity '{e.Name}' ({e.Type}) cannot have attribute '{f.Attribute}'");
                CheckValue(location, spec, f.Value, types, e.Name!);
                facts.Add(new Fact(spec.Name, f.Value!));
            }
            entities.Add(new Entity(e.Id ?? e.Name!, e.Type, e.Name!, e.Gender, facts));
        }
        var misconceptions = new List<Misconception>();
        foreach (var m in dto.Misconceptions)
        {
            var spec = WorldAttributes.Find(m.Attribute ?? "");
            if (spec is null || m.Entity is null || !types.TryGetValue(m.Entity, out var t) || spec.Owner != t)
                throw new SipInputException(location, null, $"misconception of '{m.Entity}'.'{m.Attribute}' names no such fact");
            CheckValue(location, spec, m.Wrong, types, m.Entity);
            misconceptions.Add(new Misconception(m.Entity, spec.Name, m.Truth ?? "", m.Wrong!));
        }
        var lex = dto.UnsafeLexicon;
        var lexicon = new UnsafeLexicon(lex.InsultAdjectives ?? [], lex.InsultNouns ?? [], lex.Poisons ?? [], lex.ThreatPhrases ?? []);
        return new KnowledgeBase(dto.Seed, entities, misconceptions, lexicon);
    }

    private static void CheckValue(string location, AttributeSpec spec, string? value, Dictionary<string, EntityType> types, string owner)
    {
        bool ok = value is not null && spec.Kind switch
        {
            ValueKind.Entity => types.TryGetValue(value, out var t) && t == spec.Target,
            ValueKind.Year => value.Length is >= 1 and <= 4 && value.All(char.IsAsciiDigit),
            _ => spec.Words.Contains(value),
        };
        if (!ok) throw new SipInputException(location, null, $"'{owner}'.'{spec.Name}' has value '{value}', which is not a valid {spec.Kind.ToString().ToLowerInvariant()} for it");
    }

    private sealed record KbDto(string? Format, ulong Seed, List<EntityDto>? Entities, List<MisconceptionDto>? Misconceptions, LexiconDto? UnsafeLexicon);
    private sealed record EntityDto(string? Id, EntityType Type, string? Name, Gender Gender, List<FactDto>? Facts);
    private sealed record FactDto(string? Attribute, string? Value);
    private sealed record MisconceptionDto(string? Entity, string? Attribute, string? Truth, string? Wrong);
    private sealed record LexiconDto(bool Fictional, string? Note, List<string>? InsultAdjectives, List<string>? InsultNouns, List<string>? Poisons, List<string>? ThreatPhrases);
}
