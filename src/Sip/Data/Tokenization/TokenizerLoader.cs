namespace Sip.Data.Tokenization;

/// <summary>
/// Turns a tokenizer setting into a tokenizer: "gpt2" for GPT-2, otherwise a path to a Hugging Face
/// tokenizer.json or to a directory holding one (a model directory, or one written by sip's trainer).
/// A file literally named "gpt2" is reached as "./gpt2".
/// </summary>
public static class TokenizerLoader
{
    public const string FileName = "tokenizer.json";

    public static ITokenizer Load(string spec, SpecialTokenNames? names = null)
    {
        if (string.Equals(spec.Trim(), "gpt2", StringComparison.OrdinalIgnoreCase)) return Gpt2Tokenizer.Instance;
        if (spec.Length == 0) throw new SipInputException("tokenizer", null, "empty; expected \"gpt2\" or a path to tokenizer.json");

        var path = Directory.Exists(spec) ? Path.Combine(spec, FileName) : spec;
        if (!File.Exists(path))
        {
            var reason = Directory.Exists(spec)
                ? $"the directory has no {FileName}"
                : $"no such file or directory; expected \"gpt2\" or a path to a {FileName} (or a directory holding one)";
            throw new SipInputException(spec, null, reason);
        }
        return ByteLevelBpeTokenizer.Load(path, names);
    }
}
