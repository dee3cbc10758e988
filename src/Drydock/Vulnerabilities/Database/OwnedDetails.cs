using Microsoft.Data.Sqlite;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Which feed owns a vulnerability's details (<c>vulnerability</c>, <c>alias</c>, <c>cvss</c>, <c>reference</c>), so that
/// the database artifact carries them once, in the owner's layer (docs/db-artifact.md): NVD owns every id it rated;
/// any other id belongs to the first feed, by name, whose <c>affected</c> rows name it (OSV's sources <c>osv:*</c> are
/// the feed <c>osv</c>). The rule reads only <c>affected</c> and NVD's ratings, which every layer carries whole, so a
/// database assembled from the layers gives every id the owner the pushed database gave it. An id no feed names has no
/// owner and is not carried (it can match nothing, as <c>db update</c> does not carry it either).
/// </summary>
internal static class OwnedDetails
{
    /// <summary>
    /// Creates and fills the table <paramref name="owner"/> (<c>schema.name</c>: <c>(id, feed)</c>) on
    /// <paramref name="connection"/> from the rows of the database attached as <paramref name="source"/> (dropped first when
    /// it exists). NVD counts as a feed only when the <c>feed</c> table has it.
    /// </summary>
    public static void CreateOwnerTable(SqliteConnection connection, string owner, string source) => Execute(connection, $"""
        DROP TABLE IF EXISTS {owner};
        CREATE TABLE {owner}(id TEXT PRIMARY KEY, feed TEXT NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO {owner} SELECT vuln_id, 'nvd' FROM {source}.cvss WHERE source = 'nvd' AND EXISTS (SELECT 1 FROM {source}.feed WHERE name = 'nvd');
        INSERT OR IGNORE INTO {owner}
            SELECT vuln_id, MIN(CASE WHEN data_source LIKE 'osv:%' THEN 'osv' ELSE data_source END) FROM {source}.affected GROUP BY vuln_id;
        """);

    /// <summary>
    /// Deletes, in <paramref name="schema"/> (<c>main</c> or an attached database), the details of every id whose owner
    /// in <paramref name="owner"/> is not <paramref name="feed"/> (a layer keeps only what its feed owns), or, with
    /// <paramref name="owned"/>, of every id <paramref name="feed"/> owns (a changed feed's details leave an installed database).
    /// </summary>
    public static void Delete(SqliteConnection connection, string schema, string owner, string feed, bool owned)
    {
        var ids = $"SELECT id FROM {owner} WHERE feed = $f";
        var test = owned ? "IN" : "NOT IN";
        Execute(connection, $"""
            DELETE FROM {schema}.vulnerability WHERE id {test} ({ids});
            DELETE FROM {schema}.alias WHERE vuln_id {test} ({ids});
            DELETE FROM {schema}.cvss WHERE vuln_id {test} ({ids});
            DELETE FROM {schema}.reference WHERE vuln_id {test} ({ids});
            """, feed);
    }

    private static void Execute(SqliteConnection connection, string sql, string? feed = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        if (feed is not null) cmd.Parameters.AddWithValue("$f", feed);
        cmd.ExecuteNonQuery();
    }
}
