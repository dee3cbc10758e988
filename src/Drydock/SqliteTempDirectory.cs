using Microsoft.Data.Sqlite;

namespace Drydock;

/// <summary>
/// Points SQLite's own temporary files (sorts and indexes that spill, statement journals) at Drydock's temp area
/// instead of /var/tmp or /tmp (SQLite's unixTempFileDir): the process-wide <c>temp_store_directory</c>. SQLite
/// requires it be set before connections use temp files, so a front end calls <see cref="UseOnce"/> at start.
/// </summary>
public static class SqliteTempDirectory
{
    private static readonly Lock Gate = new();
    private static bool _set;

    /// <summary>Sets the directory the first time it is called in this process; later calls do nothing.</summary>
    public static void UseOnce(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        lock (Gate)
        {
            if (_set) return;
            _set = true;
            Set(directory);
        }
    }

    internal static void Set(string directory)
    {
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            // A pragma takes no parameters: the path is quoted as an SQL string literal.
#pragma warning disable CA2100 // the only input is our own temp path, quoted
            command.CommandText = $"PRAGMA temp_store_directory = '{directory.Replace("'", "''", StringComparison.Ordinal)}'";
#pragma warning restore CA2100
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The directory SQLite now uses for its temp files ("" when it chooses itself).</summary>
    public static string Current()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store_directory";
        return command.ExecuteScalar() as string ?? "";
    }
}
