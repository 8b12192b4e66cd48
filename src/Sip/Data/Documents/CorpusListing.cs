namespace Sip.Data.Documents;

/// <summary>
/// Turns what a user typed (a file, a folder, or a glob) into the corpus's files in a fixed order, so that
/// a file index in a saved position means the same file on every run.
/// </summary>
internal static class CorpusListing
{
    /// <summary>
    /// Every file under the input, sorted by relative path (ordinal), each with its format.
    /// Folders are searched recursively; hidden files and folders (dot-files) are not visited.
    /// </summary>
    public static (List<CorpusFile> Files, List<string> Skipped) List(string input, UnknownFilePolicy unknownFiles)
    {
        var (root, relativePaths) = Find(input);
        var files = new List<CorpusFile>();
        var skipped = new List<string>();
        foreach (string relative in relativePaths.Order(StringComparer.Ordinal))
        {
            string path = Path.Combine(root, relative);
            var kind = FormatOf(relative);
            if (kind is null)
            {
                if (unknownFiles == UnknownFilePolicy.Fail)
                    throw new SipInputException(path, null,
                        $"unknown file type \"{Path.GetExtension(relative)}\" (known: .jsonl, .ndjson, .json, .txt, each optionally .gz, and .parquet); set UnknownFiles to Skip to leave such files out");
                skipped.Add(path);
                continue;
            }
            files.Add(new CorpusFile(files.Count, path, relative, kind.Value.Format, kind.Value.Gzip));
        }
        if (files.Count == 0)
            throw new SipInputException(input, null, skipped.Count == 0 ? "no files found" : $"no document files found ({skipped.Count} of unknown type skipped)");
        return (files, skipped);
    }

    /// <summary>The format a file name implies, or null when its extension is not a known one.</summary>
    public static (DocumentFormat Format, bool Gzip)? FormatOf(string fileName)
    {
        string name = fileName.ToLowerInvariant();
        bool gzip = name.EndsWith(".gz", StringComparison.Ordinal);
        if (gzip) name = name[..^3];
        DocumentFormat? format = Path.GetExtension(name) switch
        {
            ".jsonl" or ".ndjson" or ".json" => DocumentFormat.JsonLines,
            ".txt" => DocumentFormat.Text,
            ".parquet" when !gzip => DocumentFormat.Parquet, // Parquet compresses inside; a gzipped one cannot be read by row group
            _ => null,
        };
        return format is { } f ? (f, gzip) : null;
    }

    private static (string Root, List<string> RelativePaths) Find(string input)
    {
        if (File.Exists(input))
            return (Path.GetDirectoryName(input) is { Length: > 0 } folder ? folder : ".", [Path.GetFileName(input)]);
        if (Directory.Exists(input))
            return (input, FilesUnder(input).ToList());
        if (!Glob.HasWildcard(input))
            throw new SipInputException(input, null, "no such file or directory");

        var (root, pattern) = Glob.Split(input);
        if (Glob.HasWildcard(root) || !Directory.Exists(root))
            throw new SipInputException(input, null, $"the folder \"{root}\" the pattern starts from does not exist");
        var regex = Glob.ToRegex(pattern);
        var matches = FilesUnder(root).Where(relative => regex.IsMatch(relative)).ToList();
        if (matches.Count == 0) throw new SipInputException(input, null, "no file matches the pattern");
        return (root, matches);
    }

    private static IEnumerable<string> FilesUnder(string root)
    {
        // Unreadable folders surface as errors rather than as silently missing data.
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden };
        return Directory.EnumerateFiles(root, "*", options)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'));
    }
}
