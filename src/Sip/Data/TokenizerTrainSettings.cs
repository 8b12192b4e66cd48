using System.ComponentModel;
using Sip.Data.Documents;

namespace Sip.Data;

/// <summary>Settings of <c>sip tokenizer train</c>: learn a byte-level BPE from a corpus.</summary>
public sealed record TokenizerTrainSettings : Sip.Settings.ISettingsValidation
{
    [Description("Documents to learn from: a .jsonl, .txt or .parquet file, a folder of them, or a glob.")]
    public string Input { get; init; } = "";

    [Description("Where to write the Hugging Face tokenizer.json.")]
    public string Out { get; init; } = "tokenizer.json";

    [Description("Ids in the vocabulary, the 3 special tokens and 256 bytes included.")]
    public int VocabSize { get; init; } = 4096;

    [Description("A pair is merged only if it occurs at least this often.")]
    public long MinFrequency { get; init; } = 2;

    [Description("JSONL field or Parquet column holding the text.")]
    public string TextField { get; init; } = "text";

    [Description("How .txt files are cut into documents.")]
    public TextLayout TextLayout { get; init; } = TextLayout.FilePerDocument;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Input)) yield return "input: must name the documents to learn from";
        if (VocabSize < 259) yield return $"vocabSize: must be at least 259 (3 special tokens + 256 bytes), got {VocabSize}";
        if (MinFrequency < 1) yield return $"minFrequency: must be at least 1, got {MinFrequency}";
    }
}
