namespace Sip.World;

/// <summary>
/// Writes one document from a <see cref="DocumentRecipe"/>. Narrative genres alternate fact sentences and fillers
/// in paragraphs; dialogues are interviews (a host and a person) or lessons (a teacher and a student). Flaws are
/// inserted when the running word count passes a drawn point, so they land anywhere a prefix/suffix split may fall.
/// </summary>
internal sealed partial class DocumentWriter
{
    private const double FactShare = 0.6;

    private readonly KnowledgeBase _kb;
    private readonly WorldSettings _s;
    private readonly string[] _saladWords;
    private readonly DocumentRecipe _recipe;
    private readonly Rng _rng;
    private readonly DocumentBuilder _b;
    private readonly Entity _topic;
    private readonly Dictionary<(string, string), bool> _decisions = new();
    private readonly List<(string, string, bool)> _decisionLog = [];
    private readonly Dictionary<(string, string), int> _statedCount = new();
    private readonly Dictionary<(string, string), int> _lastStatedAt = new();
    private readonly HashSet<string> _usedFillers = new(StringComparer.Ordinal);
    private readonly List<(Entity Entity, string Attribute)> _items = [];
    private readonly bool _interview;
    private string _lastSentence = "";
    private readonly List<string> _recentSentences = [];
    private readonly List<Template> _recentTemplates = [];
    private int _paragraphSentences;
    private int _paragraphTarget;
    private int? _hostileTurnEnd;
    private int _hostileEndWords;

    public DocumentWriter(KnowledgeBase kb, WorldSettings settings, MentionScanner scanner, string[] saladWords, DocumentRecipe recipe, Rng rng)
    {
        _kb = kb;
        _s = settings;
        _saladWords = saladWords;
        _recipe = recipe;
        _rng = rng;
        _b = new DocumentBuilder(kb, scanner);
        _topic = recipe.Topic;
        _interview = recipe.Kind == DocumentKind.Dialogue && _topic.Type == EntityType.Person && rng.NextDouble() < 0.7;
    }

    private bool IsDialogue => _recipe.Kind == DocumentKind.Dialogue;
    private string AnswerLabel => _interview ? _topic.Name : "Teacher";
    private string AskLabel => _interview ? "Host" : "Student";

    public GeneratedDocument Write(string id)
    {
        PlanItems();
        WriteIntro();
        int target = _recipe.TargetWords;
        double hostileAt = target * Uniform(0.35, 0.6);
        double saladAt = target * Uniform(0.15, 0.9), jumpAt = target * Uniform(0.15, 0.9), loopAt = target * Uniform(0.15, 0.9);
        bool hostile = _recipe.Hostile, salad = _recipe.WordSalad, jump = _recipe.TopicJump, loop = _recipe.Repetition;
        for (int guard = 0; guard < 10_000; guard++)
        {
            if (hostile && _b.Words >= hostileAt) { WriteHostile(); hostile = false; continue; }
            if (salad && _b.Words >= saladAt) { WriteSalad(); salad = false; continue; }
            if (jump && _b.Words >= jumpAt) { WriteTopicJump(); jump = false; continue; }
            bool pending = hostile || salad || jump || loop;
            bool tailShort = _hostileTurnEnd is not null && _b.Words - _hostileEndWords < _s.SuffixWords;
            if (_b.Words >= target && !pending && !tailShort) break;
            WriteStep();
            if (loop && _b.Words >= loopAt && WriteLoop()) loop = false;
        }
        var doc = new WorldDocument(id, _b.Text, _recipe.Kind, _b.Flaws.OrderBy(f => f.Start).ThenBy(f => f.Kind).ToList());
        return new GeneratedDocument(doc, _recipe, _b.SentenceEnds.ToList(), _b.Facts.ToList(), _hostileTurnEnd, _decisionLog);
    }

    // ---- planning -------------------------------------------------------------------------------------------

    private void PlanItems()
    {
        var own = WorldAttributes.Of(_topic.Type).Select(a => (_topic, a.Name)).ToList();
        _rng.Shuffle(own);
        var others = new List<(Entity, string)>();
        var neighbours = _kb.Neighbours(_topic).ToList();
        _rng.Shuffle(neighbours);
        foreach (var n in neighbours.Take(8))
        {
            var attrs = WorldAttributes.Of(n.Type).Select(a => a.Name).ToList();
            _rng.Shuffle(attrs);
            foreach (var a in attrs.Take(_rng.NextInt(1, 3))) others.Add((n, a));
        }
        // Topic facts come first more often than not: a document is mostly about its topic.
        int i = 0, j = 0;
        while (i < own.Count || j < others.Count)
            _items.Add(j >= others.Count || i < own.Count && _rng.NextDouble() < 0.6 ? own[i++] : others[j++]);
    }

    private (Entity, string)? NextItem()
    {
        while (_items.Count > 0)
        {
            var item = _items[0];
            _items.RemoveAt(0);
            if (Stated(item.Entity, item.Attribute) == 0) return item;
        }
        // Everything said once: restate a topic fact now and then, as real texts do.
        var attrs = WorldAttributes.Of(_topic.Type)
            .Where(a => Stated(_topic, a.Name) < 2 && _b.SentenceEnds.Count - _lastStatedAt.GetValueOrDefault((_topic.Name, a.Name), -100) > 4)
            .ToArray();
        if (attrs.Length == 0 || _rng.NextDouble() < 0.5) return null;
        return (_topic, attrs[_rng.NextInt(0, attrs.Length)].Name);
    }

    private int Stated(Entity e, string attr) => _statedCount.GetValueOrDefault((e.Name, attr));

    // ---- normal text ----------------------------------------------------------------------------------------

    private void WriteIntro()
    {
        switch (_recipe.Kind)
        {
            case DocumentKind.Biography:
            {
                // The topic must be the first entity named: the analyzer reads the topic from the first mention.
                int at = _items.FindIndex(i => ReferenceEquals(i.Entity, _topic));
                var attr = _items[at].Attribute;
                _items.RemoveAt(at);
                WriteFact(_topic, attr, forceName: true);
                break;
            }
            case DocumentKind.News:
                WriteTemplate(Pick(WorldTemplates.Intros[DocumentKind.News]), _topic, forceName: true);
                break;
            case DocumentKind.Story:
                var intros = _topic.Type == EntityType.Person && _rng.NextDouble() < 0.6
                    ? WorldTemplates.PersonStoryIntros
                    : WorldTemplates.Intros[DocumentKind.Story];
                WriteTemplate(Pick(intros), _topic, forceName: true);
                break;
            case DocumentKind.Dialogue:
                WriteTemplate(Pick(_interview ? WorldTemplates.InterviewIntros : WorldTemplates.LessonIntros), _topic, forceName: true);
                break;
        }
        _paragraphTarget = _rng.NextInt(3, 7);
    }

    private void WriteStep()
    {
        if (IsDialogue) { WriteDialogueStep(); return; }
        if (++_paragraphSentences > _paragraphTarget)
        {
            _b.StartLine(null);
            _paragraphSentences = 1;
            _paragraphTarget = _rng.NextInt(3, 7);
        }
        if (_rng.NextDouble() < FactShare && NextItem() is { } item) WriteFact(item.Item1, item.Item2);
        else WriteFiller();
    }

    /// <summary>One exchange: the asking speaker, then the answering one; a fact when one is left, else small talk.</summary>
    private void WriteDialogueStep()
    {
        if (_rng.NextDouble() < 0.7 && NextItem() is { } item)
        {
            var (e, attr) = item;
            if (_interview && ReferenceEquals(e, _topic) && WorldTemplates.InterviewQuestions.TryGetValue(attr, out var questions))
            {
                _b.StartLine("Host");
                WriteTemplate(Pick(questions), e, forceName: true);
                _b.StartLine(_topic.Name);
                WriteFact(e, attr, firstPerson: true);
            }
            else
            {
                _b.StartLine(AskLabel);
                var asks = _interview ? WorldTemplates.InterviewTopicQuestions : WorldTemplates.LessonQuestions[attr];
                WriteTemplate(Pick(asks), e, forceName: true);
                _b.StartLine(AnswerLabel);
                WriteFact(e, attr);
            }
            return;
        }
        _b.StartLine(AskLabel);
        WriteTemplate(PickFresh(_interview ? WorldTemplates.HostReactions : WorldTemplates.StudentReactions), _topic);
        _b.StartLine(AnswerLabel);
        if (_interview) WriteTemplate(PickFresh(_rng.NextDouble() < 0.7 ? WorldTemplates.GuestFillers : WorldTemplates.GuestReactions), _topic);
        else if (_rng.NextDouble() < 0.3) WriteTemplate(PickFresh(WorldTemplates.TeacherReactions), _topic);
        else WriteFiller();
    }

    private void WriteFiller()
    {
        Template[] pool;
        Entity subject = _topic;
        double u = _rng.NextDouble();
        var neighbours = _kb.Neighbours(_topic).ToArray();
        if (u < 0.15 && !IsDialogue)
            pool = WorldTemplates.GenericFillers[_recipe.Kind];
        else
        {
            if (u < 0.35 && neighbours.Length > 0) subject = neighbours[_rng.NextInt(0, neighbours.Length)];
            pool = _recipe.Kind == DocumentKind.News
                ? [.. WorldTemplates.NewsFillers[subject.Type], .. WorldTemplates.NarrativeFillers[subject.Type]]
                : WorldTemplates.NarrativeFillers[subject.Type];
        }
        var fresh = pool.Where(t => !_usedFillers.Contains(t.Source)).ToArray();
        var template = PickFresh(fresh.Length > 0 ? fresh : pool);
        _usedFillers.Add(template.Source);
        WriteTemplate(template, subject);
    }

    /// <summary>Writes a template whose only slots are subject forms (fillers, intros, questions).</summary>
    private (int Start, int End) WriteTemplate(Template t, Entity subject, bool forceName = false, bool stable = true)
    {
        bool pronoun = !forceName && _b.CanUsePronoun(subject) && _rng.NextDouble() < _s.PronounRate;
        var r = t.Render(slot => SubjectText(slot, subject, pronoun));
        if (_recentSentences.Contains(r.Text)) r = t.Render(slot => SubjectText(slot, subject, !pronoun && _b.CanUsePronoun(subject)));
        Remember(t);
        return Append(r.Text, stable);
    }

    /// <summary>Writes one sentence stating <paramref name="attr"/> of <paramref name="e"/> (and any other attribute its template holds).</summary>
    private (int Start, int End) WriteFact(Entity e, string attr, bool forceName = false, bool firstPerson = false, bool stable = true)
    {
        var source = firstPerson ? WorldTemplates.FirstPersonFacts : WorldTemplates.Facts;
        var candidates = source.Where(t => t.Owner == e.Type && t.Attributes.Contains(attr)).ToArray();
        // Prefer templates whose other attributes are not said yet, so one sentence does not restate facts.
        var fresh = candidates.Where(t => t.Attributes.All(a => a == attr || Stated(e, a) == 0)).ToArray();
        var template = PickFresh(fresh.Length > 0 ? fresh : candidates);
        bool pronoun = !forceName && _b.CanUsePronoun(e) && _rng.NextDouble() < _s.PronounRate;
        var r = template.Render(slot => WorldAttributes.Find(slot) is not null ? StatedValue(e, slot) : SubjectText(slot, e, pronoun));
        // Never the same sentence twice within three: that would read as a loop.
        if (_recentSentences.Contains(r.Text)) return WriteFillerInstead();
        Remember(template);
        var (start, end) = Append(r.Text, stable);
        foreach (var slot in r.Slots)
        {
            if (WorldAttributes.Find(slot.Slot) is null) continue;
            string truth = e.ValueOf(slot.Slot)!;
            int vs = start + slot.Start, ve = start + slot.End;
            bool has = _kb.MisconceptionOf(e.Name, slot.Slot) is not null;
            _b.Facts.Add(new StatedFact(e.Name, slot.Slot, slot.Value, truth, vs, ve, WorldTemplates.Elicits(template, slot.Slot), has));
            _statedCount[(e.Name, slot.Slot)] = Stated(e, slot.Slot) + 1;
            _lastStatedAt[(e.Name, slot.Slot)] = _b.SentenceEnds.Count;
            if (slot.Value != truth)
            {
                _b.Flaws.Add(new Flaw(FlawKind.Misconception, vs, ve, e.Name, slot.Slot, slot.Value, truth));
                _b.MarkUnstable(vs, ve);
            }
        }
        return (start, end);
    }

    /// <summary>Writes a filler in place of a fact sentence that would repeat a recent one; returns an empty span.</summary>
    private (int, int) WriteFillerInstead()
    {
        WriteFiller();
        return (_b.Length, _b.Length);
    }

    private string StatedValue(Entity e, string attr)
    {
        string truth = e.ValueOf(attr)!;
        var m = _kb.MisconceptionOf(e.Name, attr);
        if (m is null) return truth;
        if (!_decisions.TryGetValue((e.Name, attr), out bool wrong))
        {
            wrong = _rng.NextDouble() < _s.MisconceptionStatementRate;
            _decisions[(e.Name, attr)] = wrong;
            _decisionLog.Add((e.Name, attr, wrong));
        }
        return wrong ? m.Wrong : truth;
    }

    private static string SubjectText(string slot, Entity e, bool pronoun) => slot switch
    {
        "S" => pronoun ? Nominative(e) : e.Mention,
        "Sp" => pronoun ? Possessive(e) : e.Mention + "'s",
        "N" => e.Mention,
        "I" => "I",
        "My" => "my",
        _ => throw new InvalidOperationException($"slot {{{slot}}} needs a value"),
    };

    private static string Nominative(Entity e) => e.Gender switch { Gender.Male => "he", Gender.Female => "she", _ => "it" };
    private static string Possessive(Entity e) => e.Gender switch { Gender.Male => "his", Gender.Female => "her", _ => "its" };

    private (int Start, int End) Append(string sentence, bool stable)
    {
        var span = _b.Append(sentence, stable);
        _lastSentence = sentence;
        _recentSentences.Add(sentence);
        if (_recentSentences.Count > 3) _recentSentences.RemoveAt(0);
        return span;
    }

    private void Remember(Template t)
    {
        _recentTemplates.Add(t);
        if (_recentTemplates.Count > 4) _recentTemplates.RemoveAt(0);
    }

    /// <summary>A template not among the last four used, so exchanges and fillers do not repeat back to back.</summary>
    private Template PickFresh(IReadOnlyList<Template> pool)
    {
        var fresh = pool.Where(t => !_recentTemplates.Contains(t)).ToArray();
        if (fresh.Length == 0 && _recentTemplates.Count > 0) fresh = pool.Where(t => t != _recentTemplates[^1]).ToArray();
        return Pick(fresh.Length > 0 ? fresh : pool);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.NextInt(0, items.Count)];

    private string PickOther(IReadOnlyList<string> items, string not)
    {
        var pool = items.Where(x => x != not).ToArray();
        return pool.Length > 0 ? Pick(pool) : not;
    }

    private double Uniform(double lo, double hi) => lo + (hi - lo) * _rng.NextDouble();
}
