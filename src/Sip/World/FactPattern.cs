using System.Text;
using System.Text.RegularExpressions;

namespace Sip.World;

/// <summary>
/// A fact template compiled into a regular expression. The subject is captured as a name (group <c>name</c>, any
/// capitalised one- or two-word name, known or not) or a pronoun (group <c>pron</c>); each attribute value as group
/// <c>v0</c>, <c>v1</c>, ... Values are matched by shape: two capitalised words for a person, one for a place,
/// digits for a year, the closed word list for word attributes. Final punctuation is not required, so a
/// continuation cut off after the value still matches.
/// </summary>
internal sealed class FactPattern
{
    private const string NameCore = @"[A-Z][a-z]+";

    private FactPattern(Template template, Regex regex, string cue)
    {
        Template = template;
        Regex = regex;
        Cue = cue;
    }

    public Template Template { get; }
    public Regex Regex { get; }

    /// <summary>A word every match contains; texts without it are skipped cheaply.</summary>
    public string Cue { get; }

    public static FactPattern Compile(Template t)
    {
        string kinds = string.Join("|", WorldAttributes.AnimalKinds.Concat(WorldAttributes.InventionKinds).OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal));
        string name = $@"(?<name>{NameCore}(?: {NameCore}| (?:{kinds})(?![A-Za-z]))?)";
        string article = @"(?:[Tt]he\s+(?:river\s+)?)?";
        var parts = t.Parts.ToList();
        // Drop final punctuation (and a literal that is nothing else).
        if (!parts[^1].IsSlot)
        {
            string trimmed = parts[^1].Text.TrimEnd('.', '!', '?');
            if (trimmed.Length == 0) parts.RemoveAt(parts.Count - 1);
            else parts[^1] = new TemplatePart(trimmed, false);
        }
        var pieces = new List<string>();
        for (int i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            if (!p.IsSlot) { pieces.Add(Literal(p.Text, atStart: i == 0)); continue; }
            int attrIndex = t.Attributes.ToList().IndexOf(p.Text);
            if (attrIndex >= 0)
            {
                pieces.Add($"(?<v{attrIndex}>{ValuePattern(WorldAttributes.Get(p.Text))})");
                continue;
            }
            pieces.Add(p.Text switch
            {
                "S" => $@"(?:(?<pron>[Hh]e|[Ss]he|[Ii]t)|{article}{name})",
                "Sp" => $@"(?:(?<pron>[Hh]is|[Hh]er|[Ii]ts)|{article}{name}'s)",
                "N" => $"{article}{name}",
                "I" => "(?<pron>I)",
                "My" => "(?<pron>[Mm]y)",
                _ => throw new InvalidOperationException($"fact template '{t}' has a non-fact slot {{{p.Text}}}"),
            });
        }
        // Speed: a pattern that starts with a slot scans every capital letter. Moving the slots before the first
        // literal into a lookbehind makes the pattern start with that literal, which the regex engine finds with a
        // vectorised search; the lookbehind still captures the subject (matched right to left).
        const string boundary = @"(?<![A-Za-z0-9'])";
        int firstLiteral = parts.FindIndex(p => !p.IsSlot && p.Text.Any(char.IsAsciiLetter));
        string pattern;
        if (firstLiteral <= 0) pattern = boundary + string.Concat(pieces);
        else
        {
            string literal = parts[firstLiteral].Text;
            string lead = literal.StartsWith(' ') ? @"\s+" : "";
            pattern = "(?<=" + boundary + string.Concat(pieces.Take(firstLiteral)) + lead + ")"
                      + Literal(literal.TrimStart(' '), atStart: false) + string.Concat(pieces.Skip(firstLiteral + 1));
        }
        string cue = t.Parts.Where(p => !p.IsSlot)
            .SelectMany(p => WordTokens.Scan(p.Text).Select(w => w.Of(p.Text)))
            .OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).FirstOrDefault() ?? "";
        return new FactPattern(t, new Regex(pattern, RegexOptions.CultureInvariant), cue);
    }

    private static string ValuePattern(AttributeSpec a) => a.Kind switch
    {
        ValueKind.Entity when a.Target == EntityType.Person => $@"{NameCore} {NameCore}(?![A-Za-z])",
        ValueKind.Entity => $@"{NameCore}(?![A-Za-z])",
        ValueKind.Year => @"[0-9]{1,4}(?![0-9])",
        _ => "(?:" + string.Join("|", a.Words.OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).Select(Regex.Escape)) + ")(?![A-Za-z])",
    };

    /// <summary>Literal text: runs of spaces match any whitespace; a leading letter matches either case.</summary>
    private static string Literal(string text, bool atStart)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ' ')
            {
                while (i + 1 < text.Length && text[i + 1] == ' ') i++;
                sb.Append(@"\s+");
            }
            else if (atStart && i == 0 && char.IsAsciiLetter(c))
                sb.Append('[').Append(char.ToUpperInvariant(c)).Append(char.ToLowerInvariant(c)).Append(']');
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
