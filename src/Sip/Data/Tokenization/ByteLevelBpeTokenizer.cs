using System.Collections.Concurrent;
using System.Text;

namespace Sip.Data.Tokenization;

/// <summary>
/// Byte-level BPE (GPT-2, Llama-3, Qwen style): text is cut into pre-tokens by <see cref="PreTokenSplitter"/>,
/// each pre-token's UTF-8 bytes start as one token each, and merge rules join adjacent tokens by rank.
/// Every string encodes (all 256 bytes are tokens) and decodes back to itself.
/// </summary>
/// <remarks>
/// <para>Why sip's own encoder rather than Microsoft.ML.Tokenizers' BpeTokenizer: the trainer and the encoder
/// must agree exactly, and sip needs Llama-3's ignore_merges, several Split patterns in sequence, a guarantee
/// that added-token text in a document stays ordinary bytes, and a defined treatment of lone surrogates.
/// Speed is no reason to prefer the library: on Llama-3's vocabulary and 6 M characters of mixed text both
/// gave identical ids (also identical to transformers.js on all 3,018 sample texts) at a similar rate,
/// 5-13 M characters/s for this encoder and 6-15 M for BpeTokenizer on a shared 2-core machine, because
/// the per-pre-token cache makes the merge loop rare and the regex dominates either way.</para>
/// <para>Added tokens (BOS, EOS, PAD, and any other entry of added_tokens) are never produced by
/// <see cref="Encode"/>: "&lt;|eos|&gt;" written in a document is encoded as the bytes '&lt;', '|', 'e'...
/// This departs on purpose from Hugging Face, which matches added tokens in the input.</para>
/// <para>Lone surrogates: .NET strings may hold an unpaired UTF-16 surrogate, which has no UTF-8 form.
/// Each one is replaced by U+FFFD before anything else, so Encode("a\uD800") equals Encode("a\uFFFD") and
/// decodes to "a\uFFFD". Decode likewise turns byte sequences that are not valid UTF-8 (a multi-byte
/// character cut between ids) into U+FFFD.</para>
/// <para>Encode and Decode are safe to call from several threads at once.</para>
/// </remarks>
public sealed class ByteLevelBpeTokenizer : ITokenizer
{
    // Frequent pre-tokens (" the", ".") make most of any text; caching their ids skips the merge loop.
    // Capped so that a stream of unique junk cannot grow memory without bound.
    private const int MaxCachedPieces = 1 << 18;
    private const int MaxCachedPieceLength = 64;

    private readonly string?[] _spellings;
    private readonly byte[]?[] _bytes;
    private readonly bool[] _special;
    private readonly int[] _byteIds = new int[256];
    private readonly MergeTable _mergeTable;
    private readonly (int Left, int Right, int Result)[] _merges;
    private readonly Dictionary<string, int>? _wholePieces;
    private readonly ConcurrentDictionary<string, int[]> _cache = new();
    private int _cachedPieces; // ConcurrentDictionary.Count takes every lock: too slow to ask on each miss

    [ThreadStatic] private static List<(int Start, int Length)>? t_pieces;

    /// <param name="definition">The vocabulary, merges and settings; checked here.</param>
    /// <param name="names">Which added tokens are BOS, EOS and PAD.</param>
    /// <param name="source">Where the definition came from, for error messages (a file path).</param>
    internal ByteLevelBpeTokenizer(BpeDefinition definition, SpecialTokenNames names, string source)
    {
        Splitter = definition.Splitter;
        NormalizeNfc = definition.NormalizeNfc;
        IgnoreMerges = definition.IgnoreMerges;
        AddedTokens = definition.AddedTokens.OrderBy(t => t.Id).ToArray();

        var addedById = new Dictionary<int, AddedToken>();
        foreach (var token in AddedTokens)
        {
            if (token.Id < 0) throw Error(source, $"added token '{token.Content}' has negative id {token.Id}");
            if (token.Content.Length == 0) throw Error(source, $"added token {token.Id} has empty content");
            if (!addedById.TryAdd(token.Id, token)) throw Error(source, $"two added tokens share id {token.Id}");
        }

        var vocab = new Dictionary<string, int>(definition.Vocab.Count, StringComparer.Ordinal);
        var maxId = AddedTokens.Count > 0 ? AddedTokens[^1].Id : -1;
        foreach (var (token, id) in definition.Vocab)
        {
            if (id < 0) throw Error(source, $"vocab token '{token}' has negative id {id}");
            if (!vocab.TryAdd(token, id)) throw Error(source, $"vocab token '{token}' appears twice");
            maxId = Math.Max(maxId, id);
        }
        VocabSize = maxId + 1;

        _spellings = new string?[VocabSize];
        _bytes = new byte[]?[VocabSize];
        _special = new bool[VocabSize];
        foreach (var (token, id) in vocab)
        {
            if (_spellings[id] is { } other) throw Error(source, $"id {id} is given to both '{other}' and '{token}'");
            _spellings[id] = token;
            if (addedById.ContainsKey(id)) continue;
            _bytes[id] = ByteLevelAlphabet.TryUnspell(token)
                ?? throw Error(source, $"vocab token '{token}' (id {id}) has characters outside GPT-2's byte-level alphabet, so this is not a byte-level BPE vocabulary");
        }
        foreach (var token in AddedTokens)
        {
            _bytes[token.Id] = Encoding.UTF8.GetBytes(token.Content);
            _special[token.Id] = token.Special;
        }

        for (var b = 0; b < 256; b++)
        {
            var spelled = ByteLevelAlphabet.ToChar((byte)b).ToString();
            if (!vocab.TryGetValue(spelled, out var id) || addedById.ContainsKey(id))
                throw Error(source, $"the vocab has no token for byte 0x{b:X2} ('{spelled}'); byte-level BPE needs all 256");
            _byteIds[b] = id;
        }

        var merges = new List<(int Left, int Right, int Result)>(definition.Merges.Count);
        for (var rank = 0; rank < definition.Merges.Count; rank++)
        {
            var (left, right) = definition.Merges[rank];
            var where = $"merge {rank + 1} ('{left}' + '{right}')";
            if (!vocab.TryGetValue(left, out var leftId)) throw Error(source, $"{where}: '{left}' is not in the vocab");
            if (!vocab.TryGetValue(right, out var rightId)) throw Error(source, $"{where}: '{right}' is not in the vocab");
            if (!vocab.TryGetValue(left + right, out var resultId)) throw Error(source, $"{where}: the result '{left + right}' is not in the vocab");
            // A rule that would build an added token is dropped: text must never reach one.
            if (addedById.ContainsKey(leftId) || addedById.ContainsKey(rightId) || addedById.ContainsKey(resultId)) continue;
            merges.Add((leftId, rightId, resultId));
        }
        _merges = merges.ToArray();
        _mergeTable = new MergeTable(_merges);

        if (IgnoreMerges)
        {
            _wholePieces = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (token, id) in vocab)
            {
                if (!addedById.ContainsKey(id)) _wholePieces[token] = id;
            }
        }

        EosId = Resolve(names.Eos, SpecialTokenNames.EosCandidates, "EOS", source)
            ?? throw Error(source, $"no end-of-sequence token among added_tokens (looked for {string.Join(", ", SpecialTokenNames.EosCandidates)}); name one");
        BosId = Resolve(names.Bos, SpecialTokenNames.BosCandidates, "BOS", source) ?? EosId;
        PadId = Resolve(names.Pad, SpecialTokenNames.PadCandidates, "PAD", source) ?? EosId;
        // BOS, EOS and PAD are special whatever the file says: they must not leak into decoded text.
        _special[BosId] = _special[EosId] = _special[PadId] = true;
    }

    public int VocabSize { get; }
    public int BosId { get; }
    public int EosId { get; }
    public int PadId { get; }

    public PreTokenSplitter Splitter { get; }

    /// <summary>Whether text is put in Unicode NFC first (Qwen). With sip's InvariantGlobalization .NET
    /// cannot normalize and leaves text as is; text already in NFC, nearly all real text, is unaffected.</summary>
    public bool NormalizeNfc { get; }

    /// <summary>Whether a pre-token found whole in the vocab skips merging (Llama-3).</summary>
    public bool IgnoreMerges { get; }

    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>The merge rules in rank order, spelled in GPT-2's byte-level characters ("Ġ" is a space).</summary>
    public IReadOnlyList<(string Left, string Right)> Merges =>
        _merges.Select(m => (_spellings[m.Left]!, _spellings[m.Right]!)).ToArray();

    /// <summary>The token of <paramref name="id"/> as a tokenizer.json spells it (an added token's content),
    /// or null for an id no token uses.</summary>
    public string? Spelling(int id) => _spellings[id] ?? AddedTokens.FirstOrDefault(t => t.Id == id)?.Content;

    /// <summary>The model vocab (not added tokens that are absent from it) as id -> spelling, in id order.</summary>
    internal IEnumerable<KeyValuePair<string, int>> VocabEntries()
    {
        for (var id = 0; id < _spellings.Length; id++)
        {
            if (_spellings[id] is { } token) yield return new(token, id);
        }
    }

    /// <summary>
    /// This tokenizer with <paramref name="contents"/> added as special tokens after its last id, where it lacks them:
    /// every existing id keeps its meaning, so a checkpoint only grows embedding rows for the new ones.
    /// </summary>
    public ByteLevelBpeTokenizer WithSpecialTokens(IEnumerable<string> contents)
    {
        var added = AddedTokens.ToList();
        int next = VocabSize;
        foreach (var content in contents)
            if (!added.Any(t => t.Content == content)) added.Add(new AddedToken(next++, content, Special: true));
        if (added.Count == AddedTokens.Count) return this;
        var definition = new BpeDefinition(VocabEntries().ToList(), Merges, added, Splitter, NormalizeNfc, IgnoreMerges);
        return new ByteLevelBpeTokenizer(definition, new SpecialTokenNames(Spelling(BosId), Spelling(EosId), Spelling(PadId)), "tokenizer with added special tokens");
    }

    /// <summary>The id of the added token spelled <paramref name="content"/>, or null.</summary>
    public int? AddedTokenId(string content) => AddedTokens.FirstOrDefault(t => t.Content == content)?.Id;

    /// <summary>Reads a Hugging Face tokenizer.json; see <see cref="TokenizerJson.Read"/>.</summary>
    public static ByteLevelBpeTokenizer Load(string path, SpecialTokenNames? names = null) =>
        TokenizerJson.Read(path, names ?? SpecialTokenNames.Auto);

    /// <summary>Writes a Hugging Face tokenizer.json that <see cref="Load"/> and HF tooling read back.</summary>
    public void Save(string path) => TokenizerJson.Write(this, path);

    public int[] Encode(string text)
    {
        if (text.Length == 0) return [];
        text = LoneSurrogates.Replace(text);
        if (NormalizeNfc) text = text.Normalize(NormalizationForm.FormC);
        text = Splitter.Prepare(text);

        var pieces = t_pieces ??= [];
        Splitter.Split(text, pieces);
        var output = new List<int>(text.Length / 3 + 4);
        var cache = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (start, length) in pieces)
        {
            var piece = text.AsSpan(start, length);
            if (cache.TryGetValue(piece, out var cached))
            {
                output.AddRange(cached);
                continue;
            }
            var ids = EncodePiece(piece);
            if (length <= MaxCachedPieceLength && Volatile.Read(ref _cachedPieces) < MaxCachedPieces && cache.TryAdd(piece, ids))
                Interlocked.Increment(ref _cachedPieces);
            output.AddRange(ids);
        }
        return output.ToArray();
    }

    public string Decode(ReadOnlySpan<int> ids, bool includeSpecial = false)
    {
        var length = 0;
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)VocabSize) throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id outside 0..{VocabSize - 1}.");
            if (includeSpecial || !_special[id]) length += _bytes[id]?.Length ?? 0;
        }
        var buffer = new byte[length];
        var position = 0;
        foreach (var id in ids)
        {
            // An id no token uses (a gap in a file's numbering) decodes to nothing: a model can sample it.
            if ((!includeSpecial && _special[id]) || _bytes[id] is not { } bytes) continue;
            bytes.CopyTo(buffer, position);
            position += bytes.Length;
        }
        return Encoding.UTF8.GetString(buffer);
    }

    private int[] EncodePiece(ReadOnlySpan<char> piece)
    {
        var byteCount = Encoding.UTF8.GetByteCount(piece);
        Span<byte> bytes = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(piece, bytes);

        if (_wholePieces is not null && _wholePieces.TryGetValue(ByteLevelAlphabet.Spell(bytes), out var whole)) return [whole];

        Span<int> symbols = byteCount <= 512 ? stackalloc int[byteCount] : new int[byteCount];
        for (var i = 0; i < byteCount; i++) symbols[i] = _byteIds[bytes[i]];
        var output = new List<int>(byteCount);
        _mergeTable.Encode(symbols, output);
        return output.ToArray();
    }

    private int? Resolve(string? name, string[] candidates, string role, string source)
    {
        if (name is not null)
        {
            return AddedTokens.FirstOrDefault(t => t.Content == name)?.Id
                ?? throw Error(source, $"the {role} token '{name}' is not among added_tokens");
        }
        foreach (var candidate in candidates)
        {
            if (AddedTokens.FirstOrDefault(t => t.Content == candidate) is { } found) return found.Id;
        }
        return null;
    }

    private static SipInputException Error(string source, string reason) => new(source, null, reason);
}
