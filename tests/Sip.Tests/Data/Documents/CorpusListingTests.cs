using Sip.Data.Documents;

namespace Sip.Tests.Data.Documents;

public class CorpusListingTests
{
    [Fact]
    public void A_folder_of_mixed_files_is_read_in_sorted_order_each_by_its_extension()
    {
        using var corpus = new TempCorpus();
        corpus.Write("b.txt", "plain text");
        corpus.Write("a.jsonl", "{\"text\":\"json line\"}\n");
        corpus.WriteParquet("sub/c.parquet", ["text"], [["parquet row"]]);
        corpus.WriteGzip("sub/d.json.gz", "{\"text\":\"zipped json\"}\n");

        var source = DocumentSource.Open(corpus.Root);
        var documents = source.Read(new DataStats()).ToList();

        Assert.Equal(["a.jsonl", "b.txt", "sub/c.parquet", "sub/d.json.gz"], source.Files.Select(f => f.RelativePath));
        Assert.Equal(
            [new Document("a.jsonl:1", "json line", new(0, 1)), new Document("b.txt", "plain text", new(1, 1)),
             new Document("sub/c.parquet:1", "parquet row", new(2, 1)), new Document("sub/d.json.gz:1", "zipped json", new(3, 1))],
            documents);
    }

    [Fact]
    public void A_file_of_unknown_type_fails_by_default_naming_it()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", "{\"text\":\"x\"}\n");
        string stray = corpus.Write("notes.csv", "a,b\n");

        var error = Assert.Throws<SipInputException>(() => DocumentSource.Open(corpus.Root));

        Assert.Equal(stray, error.Location);
        Assert.StartsWith("unknown file type \".csv\"", error.Reason);
    }

    [Fact]
    public void Under_skip_files_of_unknown_type_are_listed_not_read()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", "{\"text\":\"x\"}\n");
        string stray = corpus.Write("README.md", "# about");

        var source = DocumentSource.Open(corpus.Root, new() { UnknownFiles = UnknownFilePolicy.Skip });

        Assert.Equal([stray], source.SkippedFiles);
        Assert.Equal(["x"], source.Read(new DataStats()).Select(d => d.Text));
    }

    [Fact]
    public void Hidden_files_are_not_part_of_a_folder_corpus()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "x");
        corpus.Write(".cache/b.txt", "y");
        corpus.Write(".c.txt", "z");

        Assert.Equal(["a.txt"], DocumentSource.Open(corpus.Root).Files.Select(f => f.RelativePath));
    }

    [Fact]
    public void A_glob_picks_matching_files_in_nested_folders()
    {
        using var corpus = new TempCorpus();
        corpus.Write("x/part-1.jsonl", "{\"text\":\"1\"}\n");
        corpus.Write("x/y/part-2.jsonl", "{\"text\":\"2\"}\n");
        corpus.Write("x/y/other.jsonl", "{\"text\":\"no\"}\n");
        corpus.Write("x/part-3.txt", "no");

        var source = DocumentSource.Open(Path.Combine(corpus.Root, "x", "**", "part-*.jsonl"));

        Assert.Equal(["part-1.jsonl", "y/part-2.jsonl"], source.Files.Select(f => f.RelativePath));
    }

    [Fact]
    public void A_glob_in_the_file_name_stays_in_its_folder()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a1.txt", "1");
        corpus.Write("a2.txt", "2");
        corpus.Write("sub/a3.txt", "3");

        var source = DocumentSource.Open(Path.Combine(corpus.Root, "a?.txt"));

        Assert.Equal(["a1.txt", "a2.txt"], source.Files.Select(f => f.RelativePath));
    }

    [Fact]
    public void A_single_file_is_a_corpus_of_one()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "x");
        string b = corpus.Write("b.txt", "y");

        var file = Assert.Single(DocumentSource.Open(b).Files);

        Assert.Equal(new CorpusFile(0, b, "b.txt", DocumentFormat.Text, false), file);
    }

    [Fact]
    public void A_missing_path_fails_naming_it()
    {
        using var corpus = new TempCorpus();
        string missing = corpus.PathOf("nope.jsonl");

        var error = Assert.Throws<SipInputException>(() => DocumentSource.Open(missing));

        Assert.Equal($"{missing}: no such file or directory", error.Message);
    }

    [Fact]
    public void A_glob_that_matches_nothing_fails()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "x");
        string glob = Path.Combine(corpus.Root, "*.parquet");

        var error = Assert.Throws<SipInputException>(() => DocumentSource.Open(glob));

        Assert.Equal($"{glob}: no file matches the pattern", error.Message);
    }

    [Fact]
    public void An_empty_folder_fails()
    {
        using var corpus = new TempCorpus();

        var error = Assert.Throws<SipInputException>(() => DocumentSource.Open(corpus.Root));

        Assert.Equal($"{corpus.Root}: no files found", error.Message);
    }

    [Fact]
    public void A_file_removed_after_listing_fails_naming_it_when_its_turn_comes()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.jsonl", "{\"text\":\"x\"}\n");
        string b = corpus.Write("b.jsonl", "{\"text\":\"y\"}\n");
        var source = DocumentSource.Open(corpus.Root);
        File.Delete(b);
        var delivered = new List<string>();

        var error = Assert.Throws<SipInputException>(() =>
        {
            foreach (var document in source.Read(new DataStats())) delivered.Add(document.Text);
        });

        Assert.Equal(["x"], delivered);
        Assert.Equal(b, error.Location);
        Assert.StartsWith("file not found", error.Reason);
    }

    [Fact]
    public void A_position_outside_the_corpus_is_refused()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "x");
        var source = DocumentSource.Open(corpus.Root);

        var error = Assert.Throws<SipInputException>(() => source.Read(new DataStats(), new DocumentPosition(2, 1)));

        Assert.Equal("resume position", error.Location);
    }

    [Fact]
    public void An_empty_text_field_name_is_refused_naming_the_setting()
    {
        using var corpus = new TempCorpus();
        corpus.Write("a.txt", "x");

        var error = Assert.Throws<SipInputException>(() => DocumentSource.Open(corpus.Root, new() { TextField = " " }));

        Assert.Equal("DocumentSourceSettings.TextField", error.Location);
    }

    [Theory]
    [InlineData("a.jsonl", DocumentFormat.JsonLines, false)]
    [InlineData("a.NDJSON", DocumentFormat.JsonLines, false)]
    [InlineData("a.json.gz", DocumentFormat.JsonLines, true)]
    [InlineData("a.TXT", DocumentFormat.Text, false)]
    [InlineData("a.txt.gz", DocumentFormat.Text, true)]
    [InlineData("a.parquet", DocumentFormat.Parquet, false)]
    public void The_extension_picks_the_format(string name, DocumentFormat format, bool gzip) =>
        Assert.Equal((format, gzip), CorpusListing.FormatOf(name));

    [Theory]
    [InlineData("a.csv")]
    [InlineData("a.parquet.gz")]
    [InlineData("a.gz")]
    [InlineData("jsonl")]
    public void Other_extensions_have_no_format(string name) => Assert.Null(CorpusListing.FormatOf(name));
}
