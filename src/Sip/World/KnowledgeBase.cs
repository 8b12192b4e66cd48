namespace Sip.World;

/// <summary>
/// The truth of a TinyWorld: its entities and their true attribute values, the misconceptions planted in the
/// corpus, and the fictional hostile lexicon. Immutable and safe to share across threads. Relations are the
/// entity-valued attributes (birthplace, mentor, river, ...); <see cref="IsNear"/> answers "is this entity within
/// two relation hops of that one", counting the misconceptions' wrong targets as relations too, because documents
/// that state a misconception name the wrong entity.
/// </summary>
public sealed class KnowledgeBase
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Entity, string Attribute), Misconception> _misconceptions = new();
    private readonly List<int>[] _trueNeighbours;
    private readonly HashSet<int>[] _near;

    public KnowledgeBase(ulong seed, IReadOnlyList<Entity> entities, IReadOnlyList<Misconception> misconceptions, UnsafeLexicon lexicon)
    {
        Seed = seed;
        Entities = entities;
        Misconceptions = misconceptions;
        Lexicon = lexicon;
        for (int i = 0; i < entities.Count; i++)
            if (!_byName.TryAdd(entities[i].Name, i))
                throw new ArgumentException($"two entities are named '{entities[i].Name}'");
        foreach (var m in misconceptions) _misconceptions[(m.Entity, m.Attribute)] = m;

        var trueEdges = new HashSet<int>[entities.Count];
        var allEdges = new HashSet<int>[entities.Count];
        for (int i = 0; i < entities.Count; i++) { trueEdges[i] = []; allEdges[i] = []; }
        void Link(HashSet<int>[] edges, int a, int b)
        {
            if (a == b) return;
            edges[a].Add(b);
            edges[b].Add(a);
        }
        for (int i = 0; i < entities.Count; i++)
            foreach (var f in entities[i].Facts)
                if (WorldAttributes.Get(f.Attribute).Kind == ValueKind.Entity && _byName.TryGetValue(f.Value, out int j))
                {
                    Link(trueEdges, i, j);
                    Link(allEdges, i, j);
                }
        foreach (var m in misconceptions)
            if (WorldAttributes.Get(m.Attribute).Kind == ValueKind.Entity && _byName.TryGetValue(m.Entity, out int a) && _byName.TryGetValue(m.Wrong, out int b))
                Link(allEdges, a, b);

        _trueNeighbours = trueEdges.Select(s => s.Order().ToList()).ToArray();
        _near = new HashSet<int>[entities.Count];
        for (int i = 0; i < entities.Count; i++)
        {
            var near = new HashSet<int> { i };
            foreach (int j in allEdges[i])
            {
                near.Add(j);
                near.UnionWith(allEdges[j]);
            }
            _near[i] = near;
        }
    }

    /// <summary>The seed the world was generated from (0 when unknown).</summary>
    public ulong Seed { get; }

    public IReadOnlyList<Entity> Entities { get; }
    public IReadOnlyList<Misconception> Misconceptions { get; }
    public UnsafeLexicon Lexicon { get; }

    /// <summary>The entity named exactly <paramref name="name"/> (ordinal), or null.</summary>
    public Entity? Find(string name) => _byName.TryGetValue(name, out int i) ? Entities[i] : null;

    internal int IndexOf(string name) => _byName.TryGetValue(name, out int i) ? i : -1;

    /// <summary>The planted misconception of a fact, or null if documents state it truthfully.</summary>
    public Misconception? MisconceptionOf(string entity, string attribute) => _misconceptions.GetValueOrDefault((entity, attribute));

    public IEnumerable<Entity> OfType(EntityType type) => Entities.Where(e => e.Type == type);

    /// <summary>Entities one true relation away from <paramref name="entity"/>, in entity order.</summary>
    public IEnumerable<Entity> Neighbours(Entity entity) => _trueNeighbours[_byName[entity.Name]].Select(i => Entities[i]);

    /// <summary>True when <paramref name="other"/> is within two relation hops of <paramref name="topic"/> (itself included).</summary>
    public bool IsNear(string topic, string other) =>
        _byName.TryGetValue(topic, out int a) && _byName.TryGetValue(other, out int b) && _near[a].Contains(b);

    /// <summary>Number of (entity, attribute) facts.</summary>
    public int FactCount => Entities.Sum(e => e.Facts.Count);
}
