using Sip.Data;

namespace Sip.Tests.Data.Documents;

/// <summary>
/// A test tokenizer: one token per whitespace-separated word, ids handed out in order of first sight after the
/// three special ids. Decode joins words with single spaces, so token counts are word counts.
/// </summary>
internal sealed class WordTokenizer : ITokenizer
{
    private readonly Dictionary<string, int> _ids = [];
    private readonly List<string> _words = ["<bos>", "<eos>", "<pad>"];

    public int VocabSize => _words.Count;
    public int BosId => 0;
    public int EosId => 1;
    public int PadId => 2;

    public int[] Encode(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(IdOf).ToArray();

    public string Decode(ReadOnlySpan<int> ids, bool includeSpecial = false)
    {
        var words = new List<string>();
        foreach (int id in ids)
            if (includeSpecial || id > PadId) words.Add(_words[id]);
        return string.Join(' ', words);
    }

    private int IdOf(string word)
    {
        if (!_ids.TryGetValue(word, out int id))
        {
            id = _words.Count;
            _ids[word] = id;
            _words.Add(word);
        }
        return id;
    }
}
