namespace Sip.World;

/// <summary>
/// One attribute of an entity type. Word-valued attributes draw from a closed list (<see cref="Words"/>), so a
/// misconception is always another word of the same list and the analyzer can recognise every stated value.
/// </summary>
public sealed record AttributeSpec(
    string Name, EntityType Owner, ValueKind Kind, EntityType? Target, IReadOnlyList<string> Words, int MinYear = 0, int MaxYear = 0);

/// <summary>
/// The fixed catalogue of attributes and value lists. It is code, not data: the templates that state the
/// attributes are written against these names. Word lists are pairwise disjoint and every word is one
/// lowercase token starting with a consonant (so "a {profession}" never needs "an").
/// </summary>
public static class WorldAttributes
{
    public static readonly IReadOnlyList<string> Professions =
    [
        "baker", "weaver", "miller", "potter", "smith", "tailor", "carpenter", "fisher", "farmer", "mason",
        "brewer", "cooper", "tanner", "shepherd", "sailor", "painter", "doctor", "singer", "merchant", "builder",
        "gardener", "hunter", "carver", "boatman", "clerk", "poet", "scribe", "nurse", "cook", "dyer",
        "glazier", "saddler", "roofer", "jeweller", "locksmith", "bookbinder", "healer", "ropemaker",
    ];

    public static readonly IReadOnlyList<string> Foods =
    [
        "porridge", "plums", "turnips", "honey", "pancakes", "dumplings", "pears", "cabbage", "barley", "figs",
        "chestnuts", "beans", "carrots", "noodles", "oysters", "mushrooms", "soup", "stew", "cherries", "radishes",
        "lentils", "walnuts", "pickles", "muffins", "rice", "bread",
    ];

    public static readonly IReadOnlyList<string> Products =
    [
        "rope", "wool", "salt", "cheese", "pottery", "candles", "barrels", "ink", "linen", "soap",
        "paper", "lace", "cider", "bells", "boots", "baskets", "nails", "tiles", "bricks", "carpets",
    ];

    public static readonly IReadOnlyList<string> FishKinds =
    [
        "trout", "pike", "eels", "perch", "carp", "salmon", "bream", "roach", "herring", "sturgeon", "minnows", "tench",
    ];

    public static readonly IReadOnlyList<string> Climates =
    [
        "rainy", "dry", "mild", "cold", "windy", "foggy", "warm", "snowy", "damp", "stormy", "hot",
    ];

    public static readonly IReadOnlyList<string> Diets =
    [
        "beetles", "berries", "grass", "seeds", "moss", "worms", "snails", "acorns", "leaves", "frogs",
        "mice", "roots", "insects", "nuts", "bark", "clover",
    ];

    public static readonly IReadOnlyList<string> Colours =
    [
        "grey", "brown", "black", "white", "red", "golden", "silver", "spotted", "striped", "pale", "dark", "sandy",
    ];

    public static readonly IReadOnlyList<string> Materials =
    [
        "brass", "oak", "iron", "copper", "tin", "pine", "bone", "slate", "leather", "bronze", "clay", "steel", "birch", "willow", "glass",
    ];

    /// <summary>Kind words that end animal names ("Velo owl").</summary>
    public static readonly IReadOnlyList<string> AnimalKinds =
        ["owl", "hare", "toad", "deer", "fox", "lizard", "heron", "badger", "otter", "crane", "moth", "newt"];

    /// <summary>Kind words that end invention names ("Korrin loom").</summary>
    public static readonly IReadOnlyList<string> InventionKinds =
        ["loom", "lamp", "pump", "press", "kiln", "engine", "clock", "compass", "bellows", "lens", "stove", "scale"];

    public static readonly IReadOnlyList<AttributeSpec> All =
    [
        new("birthplace", EntityType.Person, ValueKind.Entity, EntityType.Town, []),
        new("profession", EntityType.Person, ValueKind.Word, null, Professions),
        new("favourite_food", EntityType.Person, ValueKind.Word, null, Foods),
        new("birth_year", EntityType.Person, ValueKind.Year, null, [], 1700, 1880),
        new("mentor", EntityType.Person, ValueKind.Entity, EntityType.Person, []),
        new("river", EntityType.Town, ValueKind.Entity, EntityType.River, []),
        new("region", EntityType.Town, ValueKind.Entity, EntityType.Region, []),
        new("product", EntityType.Town, ValueKind.Word, null, Products),
        new("founded", EntityType.Town, ValueKind.Year, null, [], 900, 1600),
        new("flows_through", EntityType.River, ValueKind.Entity, EntityType.Region, []),
        new("fish", EntityType.River, ValueKind.Word, null, FishKinds),
        new("capital", EntityType.Region, ValueKind.Entity, EntityType.Town, []),
        new("climate", EntityType.Region, ValueKind.Word, null, Climates),
        new("habitat", EntityType.Animal, ValueKind.Entity, EntityType.Region, []),
        new("diet", EntityType.Animal, ValueKind.Word, null, Diets),
        new("colour", EntityType.Animal, ValueKind.Word, null, Colours),
        new("inventor", EntityType.Invention, ValueKind.Entity, EntityType.Person, []),
        new("year_invented", EntityType.Invention, ValueKind.Year, null, [], 1720, 1950),
        new("material", EntityType.Invention, ValueKind.Word, null, Materials),
    ];

    private static readonly Dictionary<string, AttributeSpec> ByName = All.ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>The attribute called <paramref name="name"/>, or null.</summary>
    public static AttributeSpec? Find(string name) => ByName.GetValueOrDefault(name);

    public static AttributeSpec Get(string name) =>
        ByName.TryGetValue(name, out var a) ? a : throw new ArgumentException($"no attribute '{name}'", nameof(name));

    /// <summary>Attributes of <paramref name="type"/>, in catalogue order.</summary>
    public static IReadOnlyList<AttributeSpec> Of(EntityType type) => All.Where(a => a.Owner == type).ToArray();

    /// <summary>Every word of every closed value list.</summary>
    public static IEnumerable<string> AllValueWords => All.SelectMany(a => a.Words);
}
