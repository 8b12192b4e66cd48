using Microsoft.Data.Sqlite;

namespace Sip.Teacher.Cache;

/// <summary>
/// A content-addressed store of teacher answers in one SQLite file, shared by training and evaluation runs. Several
/// processes may use the same file at once: WAL journal (readers never block the writer), a busy timeout (writers
/// queue instead of failing) and an insert that keeps the first answer stored for a key. Within a process, one
/// connection serves all threads under a lock (SQLite serialises writes anyway).
/// </summary>
public sealed class AnswerCache : IDisposable
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public AnswerCache(string path)
    {
        Path = System.IO.Path.GetFullPath(ExpandHome(path));
        try
        {
            if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = (int)BusyTimeout.TotalSeconds,
            }.ToString());
            _connection.Open();
            // busy_timeout first: switching to WAL and creating the table may meet another process doing the same.
            Execute($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};");
            Execute("PRAGMA journal_mode = WAL;");
            Execute("PRAGMA synchronous = NORMAL;");
            Execute("""
                CREATE TABLE IF NOT EXISTS answers (
                    key BLOB PRIMARY KEY,
                    text TEXT NOT NULL,
                    truncated INTEGER NOT NULL,
                    model TEXT NOT NULL,
                    created TEXT NOT NULL
                ) WITHOUT ROWID;
                """);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(path, null, $"cannot open the teacher cache: {e.Message}", e);
        }
    }

    /// <summary>The cache file's full path.</summary>
    public string Path { get; }

    public CachedAnswer? TryGet(CacheKey key)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT text, truncated FROM answers WHERE key = $key;";
            command.Parameters.AddWithValue("$key", key.Bytes);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new CachedAnswer(reader.GetString(0), reader.GetInt64(1) != 0) : null;
        }
    }

    /// <summary>Stores an answer unless one is stored for the key already (then the first one stays: every reader sees the same answer).</summary>
    public void Put(CacheKey key, CachedAnswer answer, string model)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO answers (key, text, truncated, model, created) VALUES ($key, $text, $truncated, $model, $created)
                ON CONFLICT (key) DO NOTHING;
                """;
            command.Parameters.AddWithValue("$key", key.Bytes);
            command.Parameters.AddWithValue("$text", answer.Text);
            command.Parameters.AddWithValue("$truncated", answer.Truncated ? 1 : 0);
            command.Parameters.AddWithValue("$model", model);
            command.Parameters.AddWithValue("$created", DateTime.UtcNow.ToString("O"));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Answers stored.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM answers;";
                return (long)command.ExecuteScalar()!;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock) _connection.Dispose();
    }

    /// <summary>A leading <c>~/</c> means the user's home folder, as in a shell.</summary>
    internal static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
