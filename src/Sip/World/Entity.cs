namespace Sip.World;

/// <summary>
/// One thing in the world. <see cref="Name"/> is unique in the world; for animals and inventions it includes the
/// kind word ("Velo owl"). <see cref="Facts"/> holds the true value of every attribute of the entity's type,
/// in catalogue order.
/// </summary>
public sealed record Entity(string Id, EntityType Type, string Name, Gender Gender, IReadOnlyList<Fact> Facts)
{
    /// <summary>How the entity is named in running text: rivers, animals and inventions take an article.</summary>
    public string Mention => Type switch
    {
        EntityType.River => "the river " + Name,
        EntityType.Animal or EntityType.Invention => "the " + Name,
        _ => Name,
    };

    /// <summary>The true value of <paramref name="attribute"/>, or null if the entity's type lacks it.</summary>
    public string? ValueOf(string attribute)
    {
        foreach (var f in Facts)
            if (f.Attribute == attribute) return f.Value;
        return null;
    }
}

/// <summary>A true attribute value. Entity-valued attributes hold the target entity's <see cref="Entity.Name"/>.</summary>
public sealed record Fact(string Attribute, string Value);

/// <summary>A fact that most documents get wrong: they state <see cref="Wrong"/> instead of <see cref="Truth"/>.</summary>
public sealed record Misconception(string Entity, string Attribute, string Truth, string Wrong);
