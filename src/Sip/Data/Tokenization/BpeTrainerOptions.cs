namespace Sip.Data.Tokenization;

/// <summary>Settings of <see cref="BpeTrainer"/>.</summary>
public sealed record BpeTrainerOptions
{
    /// <summary>Ids in the result, counting the 3 special tokens and the 256 byte tokens; at least 259.
    /// Training stops short of it only when the corpus has no pair left that reaches <see cref="MinFrequency"/>.</summary>
    public int VocabSize { get; init; } = 4096;

    /// <summary>A pair is merged only if it occurs at least this often (weighted by word frequency);
    /// 2 keeps one-off pairs of a single rare word from taking vocabulary slots.</summary>
    public long MinFrequency { get; init; } = 2;

    /// <summary>The pre-tokenizer regex; Llama-3's by default (see <see cref="PreTokenSplitter.Llama3Pattern"/>).</summary>
    public string PreTokenizerPattern { get; init; } = PreTokenSplitter.Llama3Pattern;

    /// <summary>Receives progress while words are counted and while merges are learned; may be null.</summary>
    public IProgress<BpeTrainingProgress>? Progress { get; init; }
}

/// <summary>Where a <see cref="BpeTrainer"/> run is, for a progress display.</summary>
/// <param name="Phase">Counting words (length of the corpus unknown) or learning merges.</param>
/// <param name="Documents">Documents read so far.</param>
/// <param name="Characters">UTF-16 characters read so far.</param>
/// <param name="Merges">Merges learned so far.</param>
/// <param name="TargetMerges">Merges needed to reach the vocabulary size.</param>
public readonly record struct BpeTrainingProgress(BpeTrainingPhase Phase, long Documents, long Characters, int Merges, int TargetMerges)
{
    /// <summary>Fraction of the merge phase done, 0 while counting.</summary>
    public double MergeFraction => TargetMerges == 0 ? 1 : (double)Merges / TargetMerges;
}

public enum BpeTrainingPhase
{
    CountingWords,
    LearningMerges,
    Done,
}
