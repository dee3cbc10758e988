using Microsoft.Data.Sqlite;

namespace Drydock;

/// <summary>
/// Points SQLite's own temporary files (sorts and indexes that spill, statement journals) at Drydock's temp area
/// instead of /var/tmp or /tmp (SQLite's unixTempFileDir): the process-wide <c>temp_store_directory</c>. SQLite
/// requires it be set before connections use temp files, so a front end names the directory at start
/// (<see cref="UseOnce"/>) and every connection Drydock opens is made by <see cref="SqliteConnections.Create"/>, which
/// sets it before the process's first connection. A run that never opens a database (a scan with <c>--no-cache</c>
/// and no vulnerability scanner) never loads SQLite at all (issue 17: loading it took 1–5 ms of a cold scan's start,
/// more when it waited for another thread's library load).
/// </summary>
public static class SqliteTempDirectory
{
    private static readonly Lock Gate = new();
    private static string? _pending;
    private static bool _named;

    /// <summary>
    /// Names the directory the first time it is called in this process (later calls do nothing); it is set in SQLite
    /// before the first connection <see cref="SqliteConnections.Create"/> makes.
    /// </summary>
    public static void UseOnce(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        lock (Gate)
        {
            if (_named) return;
            _named = true;
        }
        Name(directory);
    }

    /// <summary>Names <paramref name="directory"/> to be set before the next connection is made (tests: again).</summary>
    internal static void Name(string directory)
    {
        lock (Gate) _pending = directory;
    }

    /// <summary>Sets the directory named by <see cref="UseOnce"/> in SQLite if it was not yet set.</summary>
    internal static void ApplyPending()
    {
        if (Volatile.Read(ref _pending) is null) return;
        lock (Gate)
        {
            if (_pending is not { } directory) return;
            Set(directory);
            _pending = null;
        }
    }

    internal static void Set(string directory)
    {
        // The one connection not made by SqliteConnections.Create: it sets the directory itself.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        // A pragma takes no parameters: the path is quoted as an SQL string literal.
#pragma warning disable CA2100 // the only input is our own temp path, quoted
        command.CommandText = $"PRAGMA temp_store_directory = '{directory.Replace("'", "''", StringComparison.Ordinal)}'";
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    /// <summary>The directory SQLite now uses for its temp files ("" when it chooses itself).</summary>
    public static string Current()
    {
        using var connection = SqliteConnections.Create("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store_directory";
        return command.ExecuteScalar() as string ?? "";
    }
}

/// <summary>Every SQLite connection Drydock opens: the temp directory is set in SQLite before the first.</summary>
public static class SqliteConnections
{
    /// <summary>A connection (not yet open) for <paramref name="connectionString"/>.</summary>
    public static SqliteConnection Create(string connectionString)
    {
        SqliteTempDirectory.ApplyPending();
        return new SqliteConnection(connectionString);
    }
}
