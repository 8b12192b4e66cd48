using Sip.Data.Tokenization;

namespace Sip.Tests.Data.Tokenization;

public class BpeTrainerTests
{
    // Sennrich et al.'s example: low x5, lower x2, newest x6, widest x3, one word per document so that
    // no space is attached. Hand-computed merges, ties going to the smaller left id then right id
    // (bytes by value, new tokens by creation):
    //  1. e+s (9; ties s+t 9, e=101 < s=115)   2. es+t (9)        3. l+o (7; ties o+w 7, l < o)
    //  4. lo+w (7)   5. e+w (6; ties n+e, w+est 6, e=101 smallest)   6. n+ew (6; n=110 < ew=260)
    //  7. new+est (6)   8. d+est (3; ties i+d, w+i, d=100 smallest)   9. i+dest (3; i=105 < w=119)
    // 10. w+idest (3)  11. e+r (2; e=101 < low=259)  12. low+er (2)
    private static readonly (string, string)[] SennrichMerges =
    [
        ("e", "s"), ("es", "t"), ("l", "o"), ("lo", "w"), ("e", "w"), ("n", "ew"),
        ("new", "est"), ("d", "est"), ("i", "dest"), ("w", "idest"), ("e", "r"), ("low", "er"),
    ];

    private static IEnumerable<string> SennrichCorpus() =>
        Enumerable.Repeat("low", 5).Concat(Enumerable.Repeat("lower", 2))
            .Concat(Enumerable.Repeat("newest", 6)).Concat(Enumerable.Repeat("widest", 3));

    [Fact]
    public void Train_ToyCorpus_LearnsTheHandComputedMergesInOrder()
    {
        var tokenizer = BpeTrainer.Train(SennrichCorpus(), new BpeTrainerOptions { VocabSize = 1000 });

        Assert.Equal(SennrichMerges, tokenizer.Merges);
        // Every pair is used up after 12 merges, so the vocabulary stops short of 1000.
        Assert.Equal(3 + 256 + 12, tokenizer.VocabSize);
    }

    [Fact]
    public void Train_MinFrequency_StopsAtTheFirstPairBelowIt()
    {
        var tokenizer = BpeTrainer.Train(SennrichCorpus(), new BpeTrainerOptions { VocabSize = 1000, MinFrequency = 3 });

        Assert.Equal(SennrichMerges[..10], tokenizer.Merges);
    }

    [Fact]
    public void Train_ToyCorpus_TrainingWordsBecomeSingleTokens()
    {
        var tokenizer = BpeTrainer.Train(SennrichCorpus(), new BpeTrainerOptions { VocabSize = 1000 });

        foreach (var word in new[] { "low", "lower", "newest", "widest" })
        {
            var ids = tokenizer.Encode(word);
            Assert.Single(ids);
            Assert.Equal(word, tokenizer.Spelling(ids[0]));
        }
        // Unseen combinations fall back to learned pieces and bytes.
        Assert.Equal(["new", "er"], tokenizer.Encode("newer").Select(id => tokenizer.Spelling(id)));
    }

    [Fact]
    public void Train_IdLayout_SpecialsFirstThenBytesInByteOrder()
    {
        var tokenizer = BpeTrainer.Train(SennrichCorpus(), new BpeTrainerOptions { VocabSize = 1000 });

        Assert.Equal((0, 1, 2), (tokenizer.BosId, tokenizer.EosId, tokenizer.PadId));
        Assert.Equal(["<|bos|>", "<|eos|>", "<|pad|>"], tokenizer.AddedTokens.Select(t => t.Content));
        Assert.All(tokenizer.AddedTokens, t => Assert.True(t.Special));
        Assert.Equal([3 + 'A'], tokenizer.Encode("A"));
        Assert.Equal([3 + 0x01], tokenizer.Encode("\u0001"));
        Assert.Equal([3 + 0xC3, 3 + 0xA9], tokenizer.Encode("é"));
        // The first merge (e+s) gets the first id after the bytes.
        Assert.Equal([259], tokenizer.Encode("es"));
    }

    [Fact]
    public void Train_ReachesTheTargetVocabularySize()
    {
        var tokenizer = TestCorpus.TrainSmall(vocabSize: 600);

        Assert.Equal(600, tokenizer.VocabSize);
        Assert.Equal(600 - 259, tokenizer.Merges.Count);
    }

    [Fact]
    public void Train_SameCorpus_SameMerges_WhateverTheDocumentOrder()
    {
        var documents = TestCorpus.Documents(300, seed: 3);
        var shuffled = documents.OrderBy(d => d.GetHashCode()).ToList();
        var options = new BpeTrainerOptions { VocabSize = 500 };

        var first = BpeTrainer.Train(documents, options);
        var again = BpeTrainer.Train(documents, options);
        var reordered = BpeTrainer.Train(shuffled, options);

        Assert.Equal(first.Merges, again.Merges);
        Assert.Equal(first.Merges, reordered.Merges);
    }

    [Fact]
    public void Train_SpecialTokenTextInCorpus_NeverBecomesASpecialId()
    {
        var documents = Enumerable.Repeat("end<|eos|>start <|bos|> <|pad|>", 50).ToList();

        var tokenizer = BpeTrainer.Train(documents, new BpeTrainerOptions { VocabSize = 400 });

        var ids = tokenizer.Encode(documents[0]);
        Assert.DoesNotContain(ids, id => id < 3);
        Assert.Equal(documents[0], tokenizer.Decode(ids));
    }

    [Fact]
    public void Train_ReportsProgressThroughBothPhases()
    {
        var reports = new List<BpeTrainingProgress>();
        var progress = new SynchronousProgress<BpeTrainingProgress>(reports.Add);

        var tokenizer = BpeTrainer.Train(TestCorpus.Documents(5000, seed: 1), new BpeTrainerOptions { VocabSize = 400, Progress = progress });

        Assert.Contains(reports, r => r is { Phase: BpeTrainingPhase.CountingWords, Documents: > 0 });
        Assert.Contains(reports, r => r.Phase == BpeTrainingPhase.LearningMerges);
        var last = reports[^1];
        Assert.Equal(BpeTrainingPhase.Done, last.Phase);
        Assert.Equal(5000, last.Documents);
        Assert.Equal(tokenizer.Merges.Count, last.Merges);
        Assert.Equal(1.0, last.MergeFraction);
    }

    [Fact]
    public void Train_VocabSizeBelowBytesAndSpecials_IsAnInputError()
    {
        var error = Assert.Throws<SipInputException>(() => BpeTrainer.Train(["text"], new BpeTrainerOptions { VocabSize = 258 }));

        Assert.Equal(nameof(BpeTrainerOptions.VocabSize), error.Location);
    }

    [Fact]
    public void Train_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => BpeTrainer.Train(["some text"], new BpeTrainerOptions(), cancelled.Token));
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
