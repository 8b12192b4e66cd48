using System.Collections;
using Sip.Data.Documents;

namespace Sip.Data.Splitting;

/// <summary>
/// The streaming data path: documents → tokenizer → one random split each → <see cref="Sample"/>s, over one
/// or more epochs (each epoch re-splits every document with the generator where the last one left it).
/// <see cref="State"/> after any sample is a resume point: a stream started from it yields exactly what
/// this one yields next.
/// </summary>
/// <remarks>
/// State is committed only when a sample is produced (or an epoch ends). Too-short documents and skipped
/// records after the last sample are counted again on resume, as they are not part of the committed state;
/// the totals come out equal to an uninterrupted run's. If reading throws, the stream rolls back to the
/// last committed state, so <see cref="State"/> stays valid and a later MoveNext retries the same record.
/// </remarks>
public sealed class SampleStream : IEnumerator<Sample>
{
    private readonly DocumentSource _source;
    private readonly Splitter _splitter;
    private readonly int? _epochs;
    private readonly Rng _rng;
    private SampleStreamState _committed;
    private DataStats _stats;
    private IEnumerator<Document>? _documents;
    private long _samplesThisEpoch;
    private bool _epochFromStart;
    private Sample? _current;

    /// <param name="source">The corpus.</param>
    /// <param name="tokenizer">Tokenizes documents and decodes the sample texts.</param>
    /// <param name="split">How to cut documents.</param>
    /// <param name="start">Where to begin: <see cref="SampleStreamState.Start"/> or a saved state.</param>
    /// <param name="epochs">Passes over the corpus; null loops for ever. Default 1.</param>
    /// <exception cref="SipInputException">Impossible settings, or a saved state that does not fit this corpus.</exception>
    public SampleStream(DocumentSource source, ITokenizer tokenizer, SplitSettings split, SampleStreamState start, int? epochs = 1)
    {
        if (epochs is < 1) throw new SipInputException("epochs", null, $"must be at least 1 (or unlimited), got {epochs}");
        if (start.CorpusFingerprint is { } saved && saved != source.Fingerprint)
            throw new SipInputException("stream state", null,
                $"was saved for a different corpus file list (fingerprint {saved}, now {source.Fingerprint} for {source.Files.Count} files in {source.Input})");
        if (start.Epoch < 0) throw new SipInputException("stream state", null, $"epoch must not be negative, got {start.Epoch}");
        _source = source;
        _splitter = new Splitter(tokenizer, split);
        _epochs = epochs;
        if (start.RngState is not { Length: 4 } words || words.All(w => w == 0))
            throw new SipInputException("stream state", null, "RngState must be four words, not all zero");
        _rng = Rng.FromState(start.RngState);
        _committed = start with { Stats = start.Stats.Clone(), CorpusFingerprint = source.Fingerprint };
        _stats = start.Stats.Clone();
        _epochFromStart = start.Next == DocumentPosition.Start;
    }

    /// <summary>The resume point after the last sample produced (a copy; later reading does not change it).</summary>
    public SampleStreamState State => _committed with { RngState = [.. _committed.RngState], Stats = _committed.Stats.Clone() };

    public Sample Current => _current ?? throw new InvalidOperationException("call MoveNext first");

    object IEnumerator.Current => Current;

    /// <summary>Reads on to the next sample; false once the last epoch is done.</summary>
    public bool MoveNext()
    {
        try
        {
            return Advance();
        }
        catch
        {
            Rollback();
            throw;
        }
    }

    private bool Advance()
    {
        while (_epochs is null || _committed.Epoch < _epochs)
        {
            _documents ??= _source.Read(_stats, _committed.Next).GetEnumerator();
            if (!_documents.MoveNext())
            {
                EndEpoch();
                continue;
            }
            var document = _documents.Current;
            var sample = _splitter.Split(document, _rng, out var skip);
            if (sample is null)
            {
                switch (skip)
                {
                    case SplitSkip.TooShort: _stats.TooShort++; break;
                    case SplitSkip.Unanchored: _stats.Unanchored++; break;
                    default: _stats.AnchorOutOfReach++; break;
                }
                continue;
            }
            _stats.Samples++;
            _samplesThisEpoch++;
            Commit(document.Position.Next(), _committed.Epoch);
            _current = sample;
            return true;
        }
        _current = null;
        return false;
    }

    private void EndEpoch()
    {
        // Looping over a corpus that gives nothing would spin for ever.
        if (_epochFromStart && _samplesThisEpoch == 0 && (_epochs is null || _committed.Epoch + 1 < _epochs))
            throw new SipInputException(_source.Input, null,
                $"a whole epoch gave no sample ({_stats}); documents need at least {_splitter.Settings.MinDocumentTokens} tokens"
                + (_splitter.Settings.AnchorKinds.Count > 0 ? $" and a span of kind {string.Join(" or ", _splitter.Settings.AnchorKinds)} that a cut can reach" : ""));
        _documents!.Dispose();
        _documents = null;
        Commit(DocumentPosition.Start, _committed.Epoch + 1);
        (_samplesThisEpoch, _epochFromStart) = (0, true);
    }

    private void Commit(DocumentPosition next, int epoch) =>
        _committed = _committed with { Next = next, Epoch = epoch, RngState = _rng.State, Stats = _stats.Clone() };

    private void Rollback()
    {
        _documents?.Dispose();
        _documents = null;
        _rng.State = _committed.RngState;
        _stats = _committed.Stats.Clone();
        _current = null;
    }

    /// <summary>The next <paramref name="count"/> samples of a stream that loops over its corpus (epochs: null).</summary>
    public List<Sample> Take(int count)
    {
        var samples = new List<Sample>(count);
        while (samples.Count < count)
        {
            if (!MoveNext()) throw new InvalidOperationException("an endless sample stream ended");
            samples.Add(Current);
        }
        return samples;
    }

    public void Reset() => throw new NotSupportedException("restart from a saved SampleStreamState instead");

    public void Dispose()
    {
        _documents?.Dispose();
        _documents = null;
    }
}
