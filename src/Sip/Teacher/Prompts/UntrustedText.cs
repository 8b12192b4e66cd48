using System.Text.RegularExpressions;

namespace Sip.Teacher.Prompts;

/// <summary>
/// Documents and rollouts are untrusted: each goes into a prompt between fixed tags (<c>&lt;candidate&gt;</c> ...
/// <c>&lt;/candidate&gt;</c>) that its text cannot close. Every tag-like occurrence of one of our tag names inside the
/// text gets one more backslash after its <c>&lt;</c> (<c>&lt;/candidate&gt;</c> becomes <c>&lt;\/candidate&gt;</c>,
/// <c>&lt;\/candidate&gt;</c> becomes <c>&lt;\\/candidate&gt;</c>), so the escaping is reversible and no escaped text holds a
/// bare tag. Role markers of chat templates (<c>&lt;|im_end|&gt;</c>) are neutralised the same way (<c>&lt;\|im_end|&gt;</c>).
/// The delimiter does not depend on the content, so rendering stays deterministic (the cache key needs that).
/// </summary>
public static partial class UntrustedText
{
    public const string Prefix = "prefix";
    public const string Candidate = "candidate";
    public const string Option1 = "option_1";
    public const string Option2 = "option_2";
    public const string OptionA = "option_a";
    public const string OptionB = "option_b";
    public const string Reference = "reference";
    public const string Suffix = "suffix";
    public const string Ending = "ending";

    /// <summary>Every tag name sip fences content with.</summary>
    public static IReadOnlyList<string> Tags { get; } = [Prefix, Candidate, Option1, Option2, OptionA, OptionB, Reference, Suffix, Ending];

    /// <summary>The text, wrapped in its tag pair on lines of their own, with any of our tags inside it neutralised.</summary>
    public static string Fence(string tag, string text) => $"<{tag}>\n{Escape(text)}\n</{tag}>";

    /// <summary>The text of the first <paramref name="tag"/> block in <paramref name="rendered"/>, unescaped; false when there is none.</summary>
    public static bool TryUnfence(string rendered, string tag, out string text)
    {
        // The first closing tag after the opening one is ours: escaped content holds no bare closing tag.
        var match = Regex.Match(rendered, $"<{Regex.Escape(tag)}>\n(.*?)\n</{Regex.Escape(tag)}>", RegexOptions.Singleline | RegexOptions.CultureInvariant);
        text = match.Success ? Unescape(match.Groups[1].Value) : "";
        return match.Success;
    }

    public static string Escape(string text) => BareOrEscapedTag().Replace(text, m => "<\\" + m.Groups["rest"].Value);

    public static string Unescape(string text) => EscapedTag().Replace(text, m => "<" + m.Groups["rest"].Value);

    // "<", any backslashes, then either optional "/" with spaces and one of our tag names (not followed by a name
    // character), or "|": the opening of a chat template's role marker (<|im_end|>, <|eot_id|>, <|start_header_id|>).
    // A served judge's template renders the text into one string that its tokenizer reads special tokens from, so a
    // bare marker in a candidate would end the user's turn and open a fake assistant answer there.
    private const string TagNames = "prefix|candidate|option_1|option_2|option_a|option_b|reference|suffix|ending";
    private const string Neutralised = @"(?:\s*/?\s*(?:" + TagNames + @")(?![A-Za-z0-9_])|\|)";

    [GeneratedRegex(@"<(?<rest>\\*" + Neutralised + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BareOrEscapedTag();

    [GeneratedRegex(@"<\\(?<rest>\\*" + Neutralised + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EscapedTag();
}
