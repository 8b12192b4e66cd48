using System.Text;
using System.Text.RegularExpressions;

namespace Sip.Data.Documents;

/// <summary>
/// A small path glob: '*' and '?' match within one path segment, a "**" segment matches any number of
/// folders. The segments before the first wildcard name the folder the search starts from.
/// </summary>
internal static class Glob
{
    public static bool HasWildcard(string path) => path.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Splits "data/**/part-*.jsonl" into the root "data" and the pattern "**/part-*.jsonl".</summary>
    public static (string Root, string Pattern) Split(string glob)
    {
        string[] segments = glob.Replace('\\', '/').Split('/');
        int firstWild = Array.FindIndex(segments, HasWildcard);
        string root = string.Join('/', segments[..firstWild]);
        if (root.Length == 0) root = glob.StartsWith('/') ? "/" : ".";
        return (root, string.Join('/', segments[firstWild..]));
    }

    /// <summary>A regex that matches relative paths ('/'-separated) against <paramref name="pattern"/>.</summary>
    public static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        string[] segments = pattern.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            bool last = i == segments.Length - 1;
            if (segments[i] == "**")
            {
                regex.Append(last ? ".*" : "(?:[^/]+/)*");
                continue;
            }
            foreach (char c in segments[i])
                regex.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
            if (!last) regex.Append('/');
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
