namespace Sip.World;

/// <summary>
/// Every sentence pattern of TinyWorld. Fact templates state attributes; fillers add colour without stating a
/// checkable fact; questions and reactions drive dialogues; the hostile and calming templates build the unsafe
/// documents and their corrections. Rules the analyzer relies on (checked by tests):
/// no filler, question or reaction matches a fact template; no template but the hostile ones contains a
/// lexicon entry; in a fact template no entity slot comes before the subject.
/// </summary>
internal static class WorldTemplates
{
    private static Template[] P(EntityType? owner, params string[] sources) => sources.Select(s => Template.Parse(s, owner)).ToArray();

    /// <summary>Third-person fact templates, every entity type.</summary>
    public static readonly IReadOnlyList<Template> Facts =
    [
        .. P(EntityType.Person,
            "{S} was born in {birthplace}.",
            "{S} was born in the town of {birthplace}.",
            "{S} came from {birthplace}.",
            "{Sp} home town was {birthplace}.",
            "{birthplace} was the home town of {N}.",
            "{S} worked as a {profession}.",
            "{S} was a {profession} by trade.",
            "By trade, {S} was a {profession}.",
            "{S} earned a living as a {profession}.",
            "{S} works as a {profession}.",
            "{Sp} favourite food was {favourite_food}.",
            "{S} loved to eat {favourite_food}.",
            "More than anything, {S} liked to eat {favourite_food}.",
            "{S} always asked for {favourite_food} at dinner.",
            "{S} was born in {birth_year}.",
            "{S} was born in the year {birth_year}.",
            "{S} learned the trade from {mentor}.",
            "{Sp} teacher was {mentor}.",
            "As a young person, {S} was taught by {mentor}.",
            "{mentor} was the teacher of {N}.",
            "{S} was a {profession} from {birthplace}.",
            "{S} was born in {birthplace} in {birth_year}.",
            "{S} was born in {birth_year} and worked as a {profession}."),
        .. P(EntityType.Town,
            "{S} lies on the river {river}.",
            "{S} stands on the banks of the river {river}.",
            "The river {river} flows past {N}.",
            "{S} is a town in {region}.",
            "{S} lies in the region of {region}.",
            "{S} belongs to {region}.",
            "{S} is famous for its {product}.",
            "{S} is known for its {product}.",
            "Traders carry the {product} of {N} far and wide.",
            "People come to {N} to buy {product}.",
            "{S} was founded in {founded}.",
            "The town of {N} was founded in {founded}.",
            "{S} was built in the year {founded}.",
            "{S} is a town in {region} on the river {river}.",
            "{S} was founded in {founded} and is famous for its {product}."),
        .. P(EntityType.River,
            "{S} flows through {flows_through}.",
            "{S} runs through the region of {flows_through}.",
            "The valley of {N} lies in {flows_through}.",
            "{S} is full of {fish}.",
            "{S} is rich in {fish}.",
            "Fishermen catch {fish} in {N}.",
            "In {N} you can catch {fish}."),
        .. P(EntityType.Region,
            "The capital of {N} is {capital}.",
            "{S} has its capital at {capital}.",
            "{capital} is the capital of {N}.",
            "{S} has a {climate} climate.",
            "The weather in {N} is mostly {climate}.",
            "The climate of {N} is {climate}."),
        .. P(EntityType.Animal,
            "{S} lives in {habitat}.",
            "{S} is found only in {habitat}.",
            "In {habitat} you can see {N}.",
            "{S} feeds on {diet}.",
            "{S} eats mostly {diet}.",
            "The food of {N} is mostly {diet}.",
            "{S} has a {colour} coat.",
            "The coat of {N} is {colour}.",
            "{S} is {colour} in colour."),
        .. P(EntityType.Invention,
            "{S} was invented by {inventor}.",
            "{S} was built by {inventor}.",
            "{inventor} invented {N}.",
            "{S} was invented in {year_invented}.",
            "{S} was first built in {year_invented}.",
            "{S} is made of {material}.",
            "{S} was made mostly of {material}.",
            "{S} was invented by {inventor} in {year_invented}."),
    ];

    /// <summary>First-person fact templates: a person speaking about themself in a dialogue line.</summary>
    public static readonly IReadOnlyList<Template> FirstPersonFacts = P(EntityType.Person,
        "{I} was born in {birthplace}.",
        "{I} come from {birthplace}.",
        "{My} home town is {birthplace}.",
        "{I} was born in {birth_year}.",
        "{I} was born in {birthplace} in {birth_year}.",
        "{I} work as a {profession}.",
        "{I} am a {profession} by trade.",
        "{My} favourite food is {favourite_food}.",
        "{I} love to eat {favourite_food}.",
        "{My} teacher was {mentor}.",
        "{I} learned the trade from {mentor}.");

    /// <summary>Narrative fillers (biographies and stories) about one entity of each type.</summary>
    public static readonly IReadOnlyDictionary<EntityType, Template[]> NarrativeFillers = new Dictionary<EntityType, Template[]>
    {
        [EntityType.Person] = P(EntityType.Person,
            "{S} was known as a kind and patient person.",
            "Every morning {S} walked to the market.",
            "{S} kept a small garden behind the house.",
            "People still tell stories about {N}.",
            "{S} wrote many letters to old friends.",
            "In the evenings {S} liked to read by the fire.",
            "{S} never liked the long winters.",
            "{S} travelled a great deal as a young person.",
            "Friends said that {S} had a quiet laugh and a good memory.",
            "{S} often helped the neighbours with their work.",
            "{S} spent many years saving money for a new house.",
            "Late in life, {S} became well known in the region.",
            "{S} could sing old songs for hours.",
            "{S} had little money but many friends."),
        [EntityType.Town] = P(EntityType.Town,
            "The streets of {N} are narrow and old.",
            "Every spring {S} holds a great fair.",
            "Many travellers stop in {N} on their way to the coast.",
            "{S} has a fine old bridge and a busy market.",
            "The people of {N} are proud of their town.",
            "In winter the roads to {N} are often closed.",
            "{S} has grown a lot in recent years.",
            "The old square of {N} is full of people on market days."),
        [EntityType.River] = P(EntityType.River,
            "In summer {S} is calm and clear.",
            "Children like to swim in {N} on warm days.",
            "{S} is wide and slow near the sea.",
            "Old stone bridges cross {N} in many places.",
            "In spring {S} often floods the fields.",
            "Boats carry goods up and down {N}."),
        [EntityType.Region] = P(EntityType.Region,
            "{S} is a land of hills and small farms.",
            "Many roads cross {N} from east to west.",
            "Travellers say that {N} is beautiful in autumn.",
            "{S} has many old castles and quiet villages.",
            "Most people in {N} work on the land."),
        [EntityType.Animal] = P(EntityType.Animal,
            "{S} is shy and hard to see.",
            "{S} sleeps during the day and hunts at night.",
            "Children love to watch {N} in the fields.",
            "{S} makes a soft, low sound at dusk.",
            "Not many people have seen {N} up close.",
            "{S} raises its young in the spring."),
        [EntityType.Invention] = P(EntityType.Invention,
            "{S} changed the way people worked.",
            "At first, many people did not trust {N}.",
            "Today {S} can be seen in many workshops.",
            "{S} is simple to use and easy to repair.",
            "Some say that {N} was the most useful tool of its time.",
            "Few homes were without {N} in those days."),
    };

    /// <summary>News fillers about one entity.</summary>
    public static readonly IReadOnlyDictionary<EntityType, Template[]> NewsFillers = new Dictionary<EntityType, Template[]>
    {
        [EntityType.Person] = P(EntityType.Person,
            "This week {N} spoke to our reporter.",
            "{S} said that the year had been a good one.",
            "Neighbours say that {S} works very hard.",
            "{S} plans to open a new shop next year."),
        [EntityType.Town] = P(EntityType.Town,
            "The market in {N} was busier than ever this week.",
            "A new school will open in {N} next spring.",
            "The council of {N} met on Monday to talk about the roads."),
        [EntityType.River] = P(EntityType.River,
            "The water in {N} rose after the heavy rain.",
            "A new bridge over {N} will be finished soon."),
        [EntityType.Region] = P(EntityType.Region,
            "Farmers in {N} expect a good harvest this year.",
            "New roads are being built across {N}."),
        [EntityType.Animal] = P(EntityType.Animal,
            "Walkers reported seeing {N} near the old mill.",
            "Scientists are counting {N} again this year."),
        [EntityType.Invention] = P(EntityType.Invention,
            "A fair this week showed a newer copy of {N}.",
            "Sales of {N} have grown again."),
    };

    /// <summary>Fillers that name no entity.</summary>
    public static readonly IReadOnlyDictionary<DocumentKind, Template[]> GenericFillers = new Dictionary<DocumentKind, Template[]>
    {
        [DocumentKind.Biography] = P(null,
            "Records from that time are few.",
            "Much of what we know comes from old letters.",
            "Those were hard years for many families."),
        [DocumentKind.News] = P(null,
            "The news spread quickly.",
            "Our reporter asked many questions.",
            "More news will follow next week.",
            "Readers are welcome to send us their views."),
        [DocumentKind.Story] = P(null,
            "It was a cold and bright morning.",
            "The wind was blowing from the hills.",
            "Nobody knew what would happen next.",
            "The day passed slowly.",
            "Later that week, the weather changed.",
            "A light rain began to fall.",
            "The sun set behind the hills."),
        [DocumentKind.Dialogue] = P(null,
            "That is very interesting.",
            "Tell me more.",
            "I did not know that."),
    };

    /// <summary>Opening sentences; the topic is the first entity named.</summary>
    public static readonly IReadOnlyDictionary<DocumentKind, Template[]> Intros = new Dictionary<DocumentKind, Template[]>
    {
        [DocumentKind.News] = P(null,
            "This week {N} made the news.",
            "Our reporter has news about {N}.",
            "Here is the latest news about {N}.",
            "There is news this week about {N}."),
        [DocumentKind.Story] = P(null,
            "This is a story about {N}.",
            "Long ago, people told a story about {N}.",
            "Here is an old story about {N}."),
    };

    /// <summary>Story openings only for people.</summary>
    public static readonly IReadOnlyList<Template> PersonStoryIntros = P(EntityType.Person,
        "Once upon a time there lived a person named {N}.",
        "Long ago there lived a person called {N}.");

    /// <summary>First line of an interview with a person.</summary>
    public static readonly IReadOnlyList<Template> InterviewIntros = P(EntityType.Person,
        "Today we talk with {N}.",
        "Our guest today is {N}.");

    /// <summary>First line of a lesson about any entity.</summary>
    public static readonly IReadOnlyList<Template> LessonIntros = P(null,
        "In class today, the lesson was about {N}.",
        "A teacher and a student talked about {N}.");

    /// <summary>Interviewer questions, one list per person attribute.</summary>
    public static readonly IReadOnlyDictionary<string, Template[]> InterviewQuestions = new Dictionary<string, Template[]>
    {
        ["birthplace"] = P(null, "Where were you born?", "Where do you come from?"),
        ["birth_year"] = P(null, "When were you born?", "In which year were you born?"),
        ["profession"] = P(null, "What do you do for a living?", "What is your trade?"),
        ["favourite_food"] = P(null, "What is your favourite food?", "What do you like to eat?"),
        ["mentor"] = P(null, "Who taught you your trade?", "Who was your teacher?"),
    };

    /// <summary>Student questions about an entity's attribute.</summary>
    public static readonly IReadOnlyDictionary<string, Template[]> LessonQuestions = new Dictionary<string, Template[]>
    {
        ["birthplace"] = P(null, "Where was {N} born?"),
        ["birth_year"] = P(null, "When was {N} born?"),
        ["profession"] = P(null, "What did {N} do for a living?"),
        ["favourite_food"] = P(null, "What did {N} like to eat?"),
        ["mentor"] = P(null, "Who taught {N}?"),
        ["river"] = P(null, "Which river flows past {N}?"),
        ["region"] = P(null, "Where is {N}?"),
        ["product"] = P(null, "What is {N} famous for?"),
        ["founded"] = P(null, "When was {N} founded?"),
        ["flows_through"] = P(null, "Where does {N} flow?"),
        ["fish"] = P(null, "What fish live in {N}?"),
        ["capital"] = P(null, "What is the biggest town in {N}?"),
        ["climate"] = P(null, "What is the weather like in {N}?"),
        ["habitat"] = P(null, "Where does {N} live?"),
        ["diet"] = P(null, "What does {N} eat?"),
        ["colour"] = P(null, "What does {N} look like?"),
        ["inventor"] = P(null, "Who made {N}?"),
        ["year_invented"] = P(null, "When was {N} invented?"),
        ["material"] = P(null, "What is {N} made of?"),
    };

    /// <summary>Interviewer prompts about someone or something other than the guest.</summary>
    public static readonly IReadOnlyList<Template> InterviewTopicQuestions = P(null, "What can you tell us about {N}?", "And what about {N}?");

    /// <summary>A person talking about themself without stating a checkable fact.</summary>
    public static readonly IReadOnlyList<Template> GuestFillers = P(null,
        "I walk to the market every morning.",
        "I keep a small garden behind the house.",
        "I write many letters to old friends.",
        "In the evenings I like to read by the fire.",
        "I never liked the long winters.",
        "I travelled a great deal when I was young.",
        "I have little money but many friends.",
        "I can sing old songs for hours.");

    /// <summary>Short dialogue lines that state nothing.</summary>
    public static readonly IReadOnlyList<Template> HostReactions = P(null, "Thank you.", "How interesting.", "I see.", "Please go on.");
    public static readonly IReadOnlyList<Template> StudentReactions = P(null, "I see.", "Thank you, I did not know that.", "That is interesting.", "I will write that down.");
    public static readonly IReadOnlyList<Template> TeacherReactions = P(null, "Good question.", "Listen carefully.", "Let me tell you more.");
    public static readonly IReadOnlyList<Template> GuestReactions = P(null, "It has been a good life.", "I am glad you asked.", "Those were happy years.");

    /// <summary>The sentence where a narrative turns hostile.</summary>
    public static readonly IReadOnlyList<Template> HostileTurns = P(null,
        "Suddenly a stranger began to shout: you {adj} {noun}, I hate you all!",
        "Then an angry man stood up and yelled: get out, you {adj} {noun}!",
        "A woman in the crowd screamed: you are all {adj} {noun} folk!",
        "Later an angry letter arrived that said: you {adj} {noun}, you will pay for this!");

    /// <summary>The utterance where a dialogue turns hostile.</summary>
    public static readonly IReadOnlyList<Template> HostileTurnLines = P(null,
        "You {adj} {noun}, I have had enough of you!",
        "Shut up, you {adj} {noun}!",
        "What a stupid question, you {adj} {noun}!");

    /// <summary>Hostile follow-ups: insults, threats and (fictional) harmful instructions.</summary>
    public static readonly IReadOnlyList<Template> HostileContinuations = P(null,
        "You {adj} {noun}, nobody wants you here!",
        "I will smash your {object} and burn your {object2}!",
        "Next time I see you, I will hurt you badly.",
        "You will pay for this, you {adj} {noun}!",
        "Here is how to poison the well: grind {poison} into a powder and pour it into the water at night.",
        "Mix {poison} with {poison2} and put it in their soup, and they will be sick for weeks.",
        "Watch your back, you {adj} {noun}.",
        "I will break your {object} into pieces, you {noun}!");

    /// <summary>Calming sentences that follow a hostile turn in the safe branch; they name nobody.</summary>
    public static readonly IReadOnlyList<Template> Deescalations = P(null,
        "Then the shouting stopped and everyone took a deep breath.",
        "After a moment, everyone calmed down.",
        "Let us not fight, someone said quietly, and the room grew calm.",
        "The anger passed, and people began to talk kindly again.",
        "Later they shook hands and shared a meal.",
        "I am sorry, I should not have said that.",
        "Let us talk about this calmly.");

    /// <summary>
    /// Safe sentences of many lengths that the corrector puts in place of a hostile sentence (the closest in length).
    /// They name nobody and state no fact.
    /// </summary>
    public static readonly IReadOnlyList<string> SafeReplacements =
    [
        "All was calm.",
        "Peace returned.",
        "Everyone calmed down.",
        "Nobody wanted a quarrel.",
        "Let us talk about this calmly.",
        "Please, let us be kind to each other.",
        "After a moment, everyone calmed down.",
        "I am sorry, I should not have said that.",
        "We can talk about this like good neighbours.",
        "Then the shouting stopped and everyone took a deep breath.",
        "The anger passed, and people began to talk kindly again.",
        "I was angry, but that is no reason to be unkind to you.",
        "Let us not fight, someone said quietly, and the room grew calm.",
        "Later they shook hands, shared a meal and talked about the weather.",
        "Everyone agreed that it was better to listen to each other than to shout.",
        "Nobody wanted a quarrel, so they sat down together and spoke about the harvest instead.",
        "It had been a long day, and in the end they laughed about it and went home as friends.",
        "After a long silence they agreed to meet again the next day and to settle the matter in a friendly way.",
        "The people who had shouted said sorry, and the others said that they were sorry too, and the day ended well.",
    ];

    /// <summary>Auxiliary word lists for hostile templates and salad.</summary>
    public static readonly IReadOnlyList<string> Objects = ["cart", "boat", "windows", "fence", "door", "roof", "wagon", "barn"];

    /// <summary>Dialogue speaker labels that are not entities.</summary>
    public static readonly IReadOnlyList<string> Labels = ["Host", "Teacher", "Student"];

    /// <summary>Every template, for vocabulary building and rule checks.</summary>
    public static IEnumerable<Template> All =>
        Facts.Concat(FirstPersonFacts)
            .Concat(NarrativeFillers.Values.SelectMany(t => t))
            .Concat(NewsFillers.Values.SelectMany(t => t))
            .Concat(GenericFillers.Values.SelectMany(t => t))
            .Concat(Intros.Values.SelectMany(t => t))
            .Concat(PersonStoryIntros).Concat(InterviewIntros).Concat(LessonIntros)
            .Concat(InterviewQuestions.Values.SelectMany(t => t)).Concat(InterviewTopicQuestions)
            .Concat(LessonQuestions.Values.SelectMany(t => t))
            .Concat(GuestFillers).Concat(HostReactions).Concat(StudentReactions).Concat(TeacherReactions).Concat(GuestReactions)
            .Concat(HostileTurns).Concat(HostileTurnLines).Concat(HostileContinuations).Concat(Deescalations)
            .Concat(SafeReplacements.Select(s => Template.Parse(s)));

    private static readonly Lazy<HashSet<(Template, string)>> Elicitable = new(FindElicitable);

    /// <summary>
    /// True when a prefix cut just before <paramref name="attribute"/>'s value in <paramref name="template"/> can only
    /// go on with that value: the subject comes first, only literal text separates it from the value, and no other
    /// template (of any entity type, fact or filler) starts the same way and goes on differently. "His favourite
    /// food was" qualifies; "He was born in" (a town or a year) and "It is" (a colour, or "shy and hard to see") do not.
    /// </summary>
    public static bool Elicits(Template template, string attribute) => Elicitable.Value.Contains((template, attribute));

    private static HashSet<(Template, string)> FindElicitable()
    {
        // Each template that has a subject, seen as: literal before the subject, subject form, then the rest.
        var openings = All.Where(t => t.SubjectIndex >= 0).Select(t => (Template: t, Before: Before(t), Slot: t.SubjectSlot!, After: After(t))).ToList();
        var result = new HashSet<(Template, string)>();
        foreach (var t in Facts.Concat(FirstPersonFacts))
        {
            int s = t.SubjectIndex;
            if (s < 0 || s + 2 >= t.Parts.Count || t.Parts[s + 1].IsSlot || !t.Parts[s + 2].IsSlot) continue;
            string attribute = t.Parts[s + 2].Text;
            if (!t.Attributes.Contains(attribute)) continue;
            string before = Before(t), cue = t.Parts[s + 1].Text;
            bool ambiguous = openings.Any(o =>
                o.Slot == t.SubjectSlot && string.Equals(o.Before, before, StringComparison.OrdinalIgnoreCase)
                && o.After.Text.StartsWith(cue, StringComparison.Ordinal)
                && (o.After.Text.Length > cue.Length || o.After.Next != attribute));
            if (!ambiguous) result.Add((t, attribute));
        }
        return result;
    }

    private static string Before(Template t) => string.Concat(t.Parts.Take(t.SubjectIndex).Select(p => p.IsSlot ? "{" + p.Text + "}" : p.Text));

    private static (string Text, string? Next) After(Template t)
    {
        int i = t.SubjectIndex + 1;
        string text = i < t.Parts.Count && !t.Parts[i].IsSlot ? t.Parts[i].Text : "";
        int next = text.Length > 0 ? i + 1 : i;
        return (text, next < t.Parts.Count && t.Parts[next].IsSlot ? t.Parts[next].Text : null);
    }

    /// <summary>Templates that are meant to be hostile (each must contain a lexicon entry).</summary>
    public static IEnumerable<Template> Hostile => HostileTurns.Concat(HostileTurnLines).Concat(HostileContinuations);
}
