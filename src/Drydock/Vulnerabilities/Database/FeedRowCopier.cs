using Microsoft.Data.Sqlite;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Carries one feed's data from the previous database into a new one, as it was: a feed that was not asked for
/// (<c>db update --only</c>) or that failed keeps its rows. A feed's rows are found by provenance: <c>affected</c> by its
/// <c>data_source</c> (OSV's is <c>osv:&lt;ecosystem&gt;</c>, every other feed's is its name), the vulnerability details
/// (<c>vulnerability</c>, <c>alias</c>, <c>cvss</c>, <c>reference</c>) of the ids those rows name (for NVD, which has no
/// package rows: the ids it rated), and the tables only one feed fills (<c>product_cpe</c>: redhat-csaf;
/// <c>os_lifecycle</c>: endoflife). Details merge as a full build merges them: what is already there wins.
/// </summary>
internal static class FeedRowCopier
{
    public static void Copy(SqliteConnection connection, string oldDatabase, string feed)
    {
        Execute(connection, "ATTACH DATABASE $p AS old", ("$p", oldDatabase));
        try
        {
            using var transaction = connection.BeginTransaction();
            var affected = feed == "osv" ? "data_source LIKE 'osv:%'" : "data_source = $f";
            Execute(connection, transaction, $"""
                INSERT INTO temp.affected_staging SELECT namespace, package, vuln_id, version_scheme, introduced, fixed, last_affected,
                    limit_version, versions, status, status_detail, severity, severity_source, data_source
                    FROM old.affected WHERE {affected} ORDER BY namespace, package, seq;
                CREATE TEMP TABLE carried_ids(id TEXT PRIMARY KEY) WITHOUT ROWID;
                INSERT OR IGNORE INTO temp.carried_ids SELECT vuln_id FROM old.affected WHERE {affected};
                INSERT OR IGNORE INTO temp.carried_ids SELECT vuln_id FROM old.cvss WHERE $f = 'nvd' AND source = 'nvd';
                INSERT INTO vulnerability SELECT * FROM old.vulnerability WHERE id IN (SELECT id FROM temp.carried_ids)
                    ON CONFLICT(id) DO UPDATE SET title=COALESCE(title,excluded.title), description=COALESCE(description,excluded.description),
                    published=COALESCE(published,excluded.published), modified=COALESCE(modified,excluded.modified);
                INSERT OR IGNORE INTO alias SELECT * FROM old.alias WHERE vuln_id IN (SELECT id FROM temp.carried_ids);
                INSERT OR IGNORE INTO cvss SELECT * FROM old.cvss WHERE vuln_id IN (SELECT id FROM temp.carried_ids);
                INSERT OR IGNORE INTO reference SELECT * FROM old.reference WHERE vuln_id IN (SELECT id FROM temp.carried_ids);
                DROP TABLE temp.carried_ids;
                INSERT OR IGNORE INTO product_cpe SELECT * FROM old.product_cpe WHERE $f = 'redhat-csaf';
                INSERT OR REPLACE INTO feed SELECT * FROM old.feed WHERE name = $f;
                INSERT OR REPLACE INTO meta SELECT key, value FROM old.meta WHERE key LIKE 'feed:' || $f || ':%';
                """, ("$f", feed));
            if (feed == "endoflife" && HasTable(connection, transaction, "os_lifecycle"))
                Execute(connection, transaction, "INSERT OR REPLACE INTO os_lifecycle SELECT * FROM old.os_lifecycle");
            transaction.Commit();
        }
        finally
        {
            Execute(connection, "DETACH DATABASE old");
        }
    }

    private static bool HasTable(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = "SELECT 1 FROM old.sqlite_master WHERE type='table' AND name=$t";
        cmd.Parameters.AddWithValue("$t", table);
        return cmd.ExecuteScalar() is not null;
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        Execute(connection, null, sql, parameters);

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }
}
