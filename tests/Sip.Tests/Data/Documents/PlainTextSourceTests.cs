using Sip.Data.Documents;

namespace Sip.Tests.Data.Documents;

public class PlainTextSourceTests
{
    private static DocumentSourceSettings Layout(TextLayout layout, BadRecordPolicy policy = BadRecordPolicy.Fail) =>
        new() { TextLayout = layout, BadRecords = policy };

    [Fact]
    public void By_default_a_text_file_is_one_document_named_after_the_file()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "first line\n\nsecond paragraph\n");

        var document = Assert.Single(corpus.ReadAll());

        Assert.Equal(new Document("a.txt", "first line\n\nsecond paragraph\n", new(0, 1)), document);
    }

    [Fact]
    public void Line_per_document_gives_each_non_blank_line_with_its_line_number()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "a b\n\n   \nc\r\n");

        var documents = corpus.ReadAll(Layout(TextLayout.LinePerDocument));

        Assert.Equal([new Document("a.txt:1", "a b", new(0, 1)), new Document("a.txt:4", "c", new(0, 4))], documents);
    }

    [Fact]
    public void Blank_line_separated_paragraphs_are_documents_positioned_at_their_first_line()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "p1 l1\np1 l2\n\n\np2\n \np3");

        var documents = corpus.ReadAll(Layout(TextLayout.BlankLineSeparated));

        Assert.Equal(
            [new Document("a.txt:1", "p1 l1\np1 l2", new(0, 1)), new Document("a.txt:5", "p2", new(0, 5)), new Document("a.txt:7", "p3", new(0, 7))],
            documents);
    }

    [Fact]
    public void Paragraphs_resume_after_the_paragraph_last_read()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "p1 l1\np1 l2\n\np2\n\np3\n");

        var documents = corpus.ReadAll(Layout(TextLayout.BlankLineSeparated), from: new DocumentPosition(0, 1).Next());

        Assert.Equal(["p2", "p3"], documents.Select(d => d.Text));
    }

    [Fact]
    public void Invalid_utf8_in_a_whole_file_document_is_reported_at_its_line_and_byte()
    {
        using var corpus = new TempCorpus();
        string path = corpus.WriteBytes("a.txt", [.. "ok\nbad"u8, 0xFF, .. "\n"u8]);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.Equal($"{path}:2: invalid UTF-8 at byte 4 of the line", error.Message);
    }

    [Fact]
    public void Under_skip_a_line_with_invalid_utf8_is_counted_and_the_rest_read()
    {
        using var corpus = new TempCorpus();
        corpus.WriteBytes("a.txt", [.. "one\n"u8, 0xE2, 0x82, .. "\nthree\n"u8]);
        var stats = new DataStats();

        var documents = corpus.ReadAll(Layout(TextLayout.LinePerDocument, BadRecordPolicy.Skip), stats);

        Assert.Equal(["one", "three"], documents.Select(d => d.Text));
        Assert.Equal(new Dictionary<SkipReason, long> { [SkipReason.InvalidUtf8] = 1 }, stats.Skipped);
    }

    [Fact]
    public void Under_skip_a_paragraph_with_a_bad_line_is_skipped_whole_and_counted_once()
    {
        using var corpus = new TempCorpus();
        corpus.WriteBytes("a.txt", [.. "good\n\nbad "u8, 0xFF, .. "\nbad again "u8, 0xFE, .. "\n\nfine\n"u8]);
        var stats = new DataStats();

        var documents = corpus.ReadAll(Layout(TextLayout.BlankLineSeparated, BadRecordPolicy.Skip), stats);

        Assert.Equal(["good", "fine"], documents.Select(d => d.Text));
        Assert.Equal(1, stats.Skipped[SkipReason.InvalidUtf8]);
    }

    [Theory]
    [InlineData(TextLayout.FilePerDocument, "")]
    [InlineData(TextLayout.FilePerDocument, " \n\n")]
    [InlineData(TextLayout.LinePerDocument, "\n\n")]
    [InlineData(TextLayout.BlankLineSeparated, "")]
    public void An_empty_text_file_fails_naming_the_file(TextLayout layout, string content)
    {
        using var corpus = new TempCorpus();
        string path = corpus.Write("empty.txt", content);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll(Layout(layout)));

        Assert.Equal($"{path}: empty file: no text in it", error.Message);
    }

    [Fact]
    public void Under_skip_an_empty_file_is_counted_and_the_next_file_read()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "");
        corpus.Write("b.txt", "text");
        var stats = new DataStats();

        var document = Assert.Single(corpus.ReadAll(Layout(TextLayout.FilePerDocument, BadRecordPolicy.Skip), stats));

        Assert.Equal(new Document("b.txt", "text", new(1, 1)), document);
        Assert.Equal(new Dictionary<SkipReason, long> { [SkipReason.EmptyFile] = 1 }, stats.Skipped);
    }

    [Fact]
    public void A_truncated_gzip_file_fails_naming_the_file()
    {
        using var corpus = new TempCorpus();
        string good = corpus.WriteGzip("a.txt.gz", string.Concat(Enumerable.Repeat("some words here\n", 2000)));
        byte[] bytes = File.ReadAllBytes(good);
        string path = corpus.WriteBytes("a.txt.gz", bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll(Layout(TextLayout.LinePerDocument)));

        Assert.Equal(path, error.Location);
        Assert.Contains("read failed", error.Reason);
    }
}
