using System.Text;
using Sip.Data.Tokenization;

namespace Sip.Tests.Data.Tokenization;

/// <summary>Reproducible text for tokenizer tests: invented words with a skewed frequency, numbers, punctuation, some non-Latin text.</summary>
internal static class TestCorpus
{
    private static readonly string[] Syllables = ["ka", "lo", "mi", "ter", "ran", "sun", "de", "pla", "qu", "ex", "or", "ing", "the", "st", "ne", "wa"];
    private static readonly string[] Extras = ["café", "naïve", "日本語", "中文", "😀", "👨‍👩‍👧", "ñandú", "x\u0301"];

    public static List<string> Documents(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var lexicon = Enumerable.Range(0, 400).Select(_ => Word(rng)).ToArray();
        var documents = new List<string>(count);
        for (var d = 0; d < count; d++)
        {
            var text = new StringBuilder();
            var words = rng.NextInt(5, 40);
            for (var w = 0; w < words; w++)
            {
                if (w > 0) text.Append(rng.NextInt(0, 12) == 0 ? ", " : " ");
                // Squaring a uniform draw makes low indices common: a crude Zipf.
                var u = rng.NextDouble();
                text.Append(rng.NextInt(0, 20) switch
                {
                    0 => rng.NextInt(0, 100000).ToString(),
                    1 => Extras[rng.NextInt(0, Extras.Length)],
                    _ => lexicon[(int)(u * u * lexicon.Length)],
                });
            }
            text.Append(rng.NextInt(0, 4) == 0 ? "!\n" : ".\n");
            documents.Add(text.ToString());
        }
        return documents;
    }

    public static ByteLevelBpeTokenizer TrainSmall(int vocabSize = 600) =>
        BpeTrainer.Train(Documents(600, seed: 7), new BpeTrainerOptions { VocabSize = vocabSize });

    private static string Word(Rng rng)
    {
        var word = new StringBuilder();
        var parts = rng.NextInt(1, 4);
        for (var i = 0; i < parts; i++) word.Append(Syllables[rng.NextInt(0, Syllables.Length)]);
        return rng.NextInt(0, 8) == 0 ? char.ToUpperInvariant(word[0]) + word.ToString(1, word.Length - 1) : word.ToString();
    }
}
