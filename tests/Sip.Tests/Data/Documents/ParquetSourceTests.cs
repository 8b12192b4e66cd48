using Parquet.Schema;
using Sip.Data.Documents;

namespace Sip.Tests.Data.Documents;

public class ParquetSourceTests
{
    [Fact]
    public void Rows_of_every_row_group_are_documents_numbered_across_groups()
    {
        using var corpus = new TempCorpus();
        corpus.WriteParquet("a.parquet", ["text"], [["r1", "r2"]], [["r3"]], [["r4 é", "r5"]]);

        var documents = corpus.ReadAll();

        Assert.Equal(["r1", "r2", "r3", "r4 é", "r5"], documents.Select(d => d.Text));
        Assert.Equal([1L, 2, 3, 4, 5], documents.Select(d => d.Position.Record));
        Assert.Equal("a.parquet:4", documents[3].Id);
    }

    [Fact]
    public void The_configured_text_and_id_columns_are_read()
    {
        using var corpus = new TempCorpus();
        corpus.WriteParquet("a.parquet", ["url", "content", "doc_id"], [["u1", "u2"], ["c1", "c2"], ["d1", "d2"]]);

        var documents = corpus.ReadAll(new() { TextField = "content", IdField = "doc_id" });

        Assert.Equal([new Document("d1", "c1", new(0, 1)), new Document("d2", "c2", new(0, 2))], documents);
    }

    [Fact]
    public void A_required_string_column_is_read_too()
    {
        using var corpus = new TempCorpus();
        corpus.WriteParquetColumns("a.parquet", [new DataField<string>("text", false)], [new object[] { new string?[] { "x", "y" } }]);

        Assert.Equal(["x", "y"], corpus.ReadAll().Select(d => d.Text));
    }

    [Fact]
    public void Reading_from_a_row_skips_earlier_row_groups()
    {
        using var corpus = new TempCorpus();
        corpus.WriteParquet("a.parquet", ["text"], [["r1", "r2"]], [["r3", "r4"]], [["r5"]]);

        var documents = corpus.ReadAll(from: new DocumentPosition(0, 4));

        Assert.Equal(["r4", "r5"], documents.Select(d => d.Text));
    }

    [Fact]
    public void A_missing_text_column_fails_naming_the_file_and_the_columns_it_has()
    {
        using var corpus = new TempCorpus();
        string path = corpus.WriteParquet("a.parquet", ["body"], [["x"]]);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.Equal($"{path}: missing text column \"text\" (columns: \"body\")", error.Message);
    }

    [Fact]
    public void A_non_string_text_column_fails()
    {
        using var corpus = new TempCorpus();
        string path = corpus.WriteParquetColumns("a.parquet", [new DataField<int>("text")], [new object[] { new[] { 1, 2 } }]);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.Equal($"{path}: text column \"text\" holds Int32, not strings", error.Message);
    }

    [Fact]
    public void A_null_text_fails_at_its_row()
    {
        using var corpus = new TempCorpus();
        string path = corpus.WriteParquet("a.parquet", ["text"], [["ok", null, "ok"]]);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.Equal($"{path}:2: text column \"text\" is null in this row", error.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_binary_text_column_fails_at_its_row_rather_than_being_replaced()
    {
        using var corpus = new TempCorpus();
        string path = corpus.WriteParquetColumns("a.parquet", [new DataField<byte[]>("text", true)],
            [new object[] { new byte[]?[] { "fine"u8.ToArray(), "also fine"u8.ToArray(), [0x61, 0xFF] } }]);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.Equal($"{path}:3: invalid UTF-8 at byte 2 of column \"text\"", error.Message);
    }

    [Fact]
    public void Under_skip_bad_rows_are_counted_by_reason()
    {
        using var corpus = new TempCorpus();
        corpus.WriteParquetColumns("a.parquet", [new DataField<byte[]>("text", true)],
            [new object[] { new byte[]?[] { "a"u8.ToArray(), null, [0xC0], "d"u8.ToArray() } }]);
        var stats = new DataStats();

        var documents = corpus.ReadAll(new() { BadRecords = BadRecordPolicy.Skip }, stats);

        Assert.Equal(["a", "d"], documents.Select(d => d.Text));
        Assert.Equal([1L, 4], documents.Select(d => d.Position.Record));
        Assert.Equal(new Dictionary<SkipReason, long> { [SkipReason.TextNotString] = 1, [SkipReason.InvalidUtf8] = 1 }, stats.Skipped);
    }

    [Fact]
    public void A_parquet_file_without_rows_is_an_empty_file()
    {
        using var corpus = new TempCorpus();
        string path = corpus.WriteParquet("a.parquet", ["text"]);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.Equal($"{path}: empty file: the Parquet file has no rows", error.Message);
    }

    [Fact]
    public void A_zero_byte_parquet_file_is_an_empty_file()
    {
        using var corpus = new TempCorpus();
        string path = corpus.WriteBytes("a.parquet", []);

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.Equal($"{path}: empty file: 0 bytes, not a Parquet file", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_parquet_fails_naming_it()
    {
        using var corpus = new TempCorpus();
        string path = corpus.Write("a.parquet", "this is plain text, not parquet at all");

        var error = Assert.Throws<SipInputException>(() => corpus.ReadAll());

        Assert.Equal(path, error.Location);
        Assert.StartsWith("not a readable Parquet file", error.Reason);
    }
}
