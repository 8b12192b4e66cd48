using System.Text;
using Sip.Data.Documents;

namespace Sip.Tests.Data.Documents;

public class JsonLinesSourceTests
{
    private static readonly DocumentSourceSettings Skip = new() { BadRecords = BadRecordPolicy.Skip };

    [Fact]
    public void Reads_the_text_field_with_file_and_line_as_id_and_position()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", "{\"text\":\"one two\"}\n\n{\"other\":1,\"text\":\"three \\u00e9\"}\n");

        var documents = corpus.ReadAll();

        Assert.Equal(
            [new Document("a.jsonl:1", "one two", new(0, 1)), new Document("a.jsonl:3", "three é", new(0, 3))],
            documents);
    }

    [Fact]
    public void Configured_text_and_id_fields_are_used_and_numeric_ids_kept_as_written()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", "{\"body\":\"x\",\"doc\":\"d7\"}\n{\"body\":\"y\",\"doc\":12}\n");

        var documents = corpus.ReadAll(new() { TextField = "body", IdField = "doc" });

        Assert.Equal(["d7", "12"], documents.Select(d => d.Id));
        Assert.Equal(["x", "y"], documents.Select(d => d.Text));
    }

    [Fact]
    public void Byte_order_mark_and_CRLF_line_ends_are_not_part_of_the_text()
    {
        using var corpus = new TempCorpus();
        corpus.WriteBytes("a.jsonl", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"text\":\"a\"}\r\n{\"text\":\"b\"}\r\n")]);

        Assert.Equal(["a", "b"], corpus.ReadAll().Select(d => d.Text));
    }

    [Fact]
    public void Gzip_compressed_jsonl_is_read()
    {
        using var corpus = new TempCorpus();
        corpus.WriteGzip("a.jsonl.gz", "{\"text\":\"zipped\"}\n");

        var document = Assert.Single(corpus.ReadAll());
        Assert.Equal(new Document("a.jsonl.gz:1", "zipped", new(0, 1)), document);
    }

    [Fact]
    public void A_line_longer_than_the_read_buffer_arrives_whole()
    {
        using var corpus = new TempCorpus();
        string longText = string.Concat(Enumerable.Repeat("é word ", 30_000)); // about 240 KB of UTF-8
        corpus.Write("a.jsonl", $"{{\"text\":\"{longText}\"}}\n{{\"text\":\"next\"}}\n");

        Assert.Equal([longText, "next"], corpus.ReadAll().Select(d => d.Text));
    }

    [Fact]
    public void Reading_from_a_position_starts_at_that_record()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", "{\"text\":\"1\"}\n{\"text\":\"2\"}\n\n{\"text\":\"4\"}\n");

        Assert.Equal(["2", "4"], corpus.ReadAll(from: new DocumentPosition(0, 2)).Select(d => d.Text));
        Assert.Equal(["4"], corpus.ReadAll(from: new DocumentPosition(0, 3)).Select(d => d.Text));
    }

    [Theory]
    [InlineData("{\"text\":\"ok\"}\n{\"text\": \n", 2, "malformed JSON")]
    [InlineData("[1,2]\n", 1, "expected a JSON object, got an array")]
    [InlineData("{\"body\":\"no text\"}\n", 1, "missing text field \"text\"")]
    [InlineData("{\"text\":5}\n", 1, "text field \"text\" is a number, not a string")]
    [InlineData("{\"text\":null}\n", 1, "text field \"text\" is null, not a string")]
    [InlineData("{\"text\":[\"a\"]}\n", 1, "text field \"text\" is an array, not a string")]
    [InlineData("{\"text\":\"half \\ud800 pair\"}\n", 1, "not valid Unicode")]
    public void A_bad_line_fails_with_file_line_and_reason(string content, long line, string reason)
    {
        using var corpus = new TempCorpus();
        string path = corpus.Write("bad.jsonl", content);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.StartsWith($"{path}:{line}: ", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.Equal((path, line), (error.Location, error.Line));
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_its_line_and_byte_not_replaced()
    {
        using var corpus = new TempCorpus();
        // Line 2 is {"text":"a<FF>"}; the bad byte is the 11th of the line.
        string path = corpus.WriteBytes("a.jsonl", [.. "{\"text\":\"ok\"}\n{\"text\":\"a"u8, 0xFF, .. "\"}\n"u8]);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.Equal($"{path}:2: invalid UTF-8 at byte 11 of the line", error.Message);
    }

    [Fact]
    public void A_configured_span_field_is_read_into_the_documents_spans_and_a_record_without_it_has_none()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl",
            "{\"text\":\"He was kind. You snarwit!\",\"flaws\":[{\"kind\":\"unsafe_turn\",\"start\":13,\"end\":25,\"entity\":null}]}\n" +
            "{\"text\":\"plain\"}\n{\"text\":\"also plain\",\"flaws\":null}\n");

        var documents = corpus.ReadAll(new() { SpanField = "flaws" });

        Assert.Equal([new DocumentSpan("unsafe_turn", 13, 25)], documents[0].Spans);
        Assert.Empty(documents[1].Spans);
        Assert.Empty(documents[2].Spans);
        Assert.Empty(corpus.ReadAll()[0].Spans); // not configured: not read
    }

    [Theory]
    [InlineData("{\"text\":\"abc\",\"flaws\":{\"kind\":\"x\"}}", "span field \"flaws\" is an object, not a list of spans")]
    [InlineData("{\"text\":\"abc\",\"flaws\":[{\"kind\":\"x\",\"start\":0,\"end\":1},7]}", "span 2 of field \"flaws\" is a number, not an object")]
    [InlineData("{\"text\":\"abc\",\"flaws\":[{\"start\":0,\"end\":1}]}", "span 1 of field \"flaws\" has no string \"kind\"")]
    [InlineData("{\"text\":\"abc\",\"flaws\":[{\"kind\":\"x\",\"start\":\"0\",\"end\":1}]}", "span 1 of field \"flaws\" has no integer \"start\"")]
    [InlineData("{\"text\":\"abc\",\"flaws\":[{\"kind\":\"x\",\"start\":0,\"end\":1.5}]}", "span 1 of field \"flaws\" has no integer \"end\"")]
    [InlineData("{\"text\":\"abc\",\"flaws\":[{\"kind\":\"x\",\"start\":1,\"end\":4}]}", "span 1 of field \"flaws\" covers [1, 4), outside the text's 3 characters or backwards")]
    [InlineData("{\"text\":\"abc\",\"flaws\":[{\"kind\":\"x\",\"start\":2,\"end\":1}]}", "covers [2, 1)")]
    public void A_bad_span_fails_with_file_line_and_reason_or_is_skipped_and_counted(string line, string reason)
    {
        using var corpus = new TempCorpus();
        string path = corpus.Write("a.jsonl", "{\"text\":\"fine\",\"flaws\":[]}\n" + line + "\n");

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll(new() { SpanField = "flaws" }));
        Assert.StartsWith($"{path}:2: ", error.Message);
        Assert.Contains(reason, error.Message);

        var stats = new DataStats();
        Assert.Single(corpus.ReadAll(new() { SpanField = "flaws", BadRecords = BadRecordPolicy.Skip }, stats));
        Assert.Equal(1, stats.Skipped[SkipReason.BadSpans]);
    }

    [Fact]
    public void Spans_are_refused_for_a_corpus_with_files_that_cannot_carry_them()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", "{\"text\":\"a\"}\n");
        string text = corpus.Write("b.txt", "plain text");

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll(new() { SpanField = "flaws" }));

        Assert.Equal(text, error.Location);
        Assert.Contains("JSON Lines records only", error.Reason);
    }

    [Fact]
    public void A_missing_configured_id_field_fails_with_line()
    {
        using var corpus = new TempCorpus();
        string path = corpus.Write("a.jsonl", "{\"text\":\"a\",\"id\":\"x\"}\n{\"text\":\"b\"}\n");

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll(new() { IdField = "id" }));

        Assert.Equal($"{path}:2: id field \"id\" is missing", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n\t\n")]
    public void An_empty_file_fails_naming_the_file(string content)
    {
        using var corpus = new TempCorpus();
        string path = corpus.Write("empty.jsonl", content);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.Equal($"{path}: empty file: no JSON line in it", error.Message);
    }

    [Fact]
    public void Under_skip_every_bad_line_is_counted_by_reason_and_the_good_ones_read()
    {
        using var corpus = new TempCorpus();
        corpus.WriteBytes("a.jsonl", [.. """
            {"text":"first"}
            {"text":
            {"body":"x"}
            {"text":7}
            {"text":"bad 
            """u8, 0xC3, .. """
            "}
            {"text":"last"}
            """u8]);
        corpus.Write("b.jsonl", "");
        var stats = new DataStats();

        var documents = corpus.ReadAll(Skip, stats);

        Assert.Equal(["first", "last"], documents.Select(d => d.Text));
        Assert.Equal(2, stats.Documents);
        Assert.Equal(new Dictionary<SkipReason, long>
        {
            [SkipReason.MalformedJson] = 1,
            [SkipReason.MissingText] = 1,
            [SkipReason.TextNotString] = 1,
            [SkipReason.InvalidUtf8] = 1,
            [SkipReason.EmptyFile] = 1,
        }, stats.Skipped);
    }

    [Fact]
    public void An_error_surfaces_at_the_bad_record_after_every_earlier_document_was_delivered()
    {
        using var corpus = new TempCorpus();
        string path = corpus.Write("a.jsonl", "{\"text\":\"1\"}\n{\"text\":\"2\"}\nnot json\n{\"text\":\"4\"}\n");
        var delivered = new List<string>();

        var error = Assert.Throws<SipInputException>(() =>
        {
            foreach (var document in DocumentSource.Open(corpus.Root).Read(new DataStats()))
                delivered.Add(document.Text);
        });

        Assert.Equal(["1", "2"], delivered);
        Assert.Equal((path, 3L), (error.Location, error.Line));
    }
}
