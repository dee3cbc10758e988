using Microsoft.Data.Sqlite;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Whether a database file has exactly the schema this version writes: the same tables with the same definitions and
/// nothing else (no view, trigger or index of its own). A file is edited in place (<see cref="DatabaseWriter.TryEdit"/>)
/// only then; a pulled feed layer is untrusted, and an older file may lack a table added within the version.
/// </summary>
internal static class DatabaseSchemaCheck
{
    private static readonly Lazy<IReadOnlyList<string>> Expected = new(() =>
    {
        using var connection = SqliteConnections.Create("Data Source=:memory:;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = DatabaseSchema.Create + DatabaseSchema.CreateIndexes;
        cmd.ExecuteNonQuery();
        return Objects(connection);
    });

    public static bool Matches(SqliteConnection connection) => Objects(connection).SequenceEqual(Expected.Value, StringComparer.Ordinal);

    // SQLite's own objects (the automatic indexes of primary keys, ANALYZE's statistics) are not the schema's.
    private static List<string> Objects(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT type || ' ' || name || ' ' || COALESCE(tbl_name, '') || ' ' || COALESCE(sql, '') FROM main.sqlite_master
            WHERE NOT (type = 'index' AND name LIKE 'sqlite\_autoindex\_%' ESCAPE '\' AND sql IS NULL)
              AND NOT (type = 'table' AND name IN ('sqlite_stat1', 'sqlite_stat4'))
            ORDER BY type, name
            """;
        using var reader = cmd.ExecuteReader();
        var objects = new List<string>();
        while (reader.Read()) objects.Add(reader.GetString(0));
        return objects;
    }
}
