using Sip.Data;

namespace Sip.Benchmarks;

/// <summary>A tokenizer for benchmarks on random ids: id n is the word "tn". BOS 0, EOS 1, PAD 2.</summary>
internal sealed class SyntheticTokenizer(int vocabSize) : ITokenizer
{
    public int VocabSize => vocabSize;
    public int BosId => 0;
    public int EosId => 1;
    public int PadId => 2;

    public int[] Encode(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => int.Parse(w.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public string Decode(ReadOnlySpan<int> ids, bool includeSpecial = false)
    {
        var words = new List<string>(ids.Length);
        foreach (var id in ids)
            if (includeSpecial || id > 2) words.Add("t" + id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return words.Count == 0 ? "" : " " + string.Join(' ', words);
    }
}
