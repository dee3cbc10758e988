using Microsoft.Data.Sqlite;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Takes one feed's data out of a database being edited (<see cref="DatabaseWriter.TryEdit"/>), the inverse of
/// <see cref="FeedRowCopier"/>: its <c>affected</c> rows by <c>data_source</c> (NVD: its own CVSS ratings), the details of
/// the ids that no other feed's rows (nor an NVD rating) still name, the tables only it fills (<c>product_cpe</c>,
/// <c>os_lifecycle</c>), its <c>feed</c> row and its <c>feed:&lt;name&gt;:*</c> keys. Details an id shares with another
/// feed stay as they are (which feed wrote an alias or a reference is not stored); the feed's new records then add to them.
/// </summary>
internal static class FeedRowRemover
{
    public static void Remove(SqliteConnection connection, string feed)
    {
        var affected = feed == "osv" ? "data_source LIKE 'osv:%'" : "data_source = $f";
        using var transaction = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.Parameters.AddWithValue("$f", feed);
        // The ids the feed named, then those of them another feed still names: one pass over affected each.
        cmd.CommandText = $"""
            CREATE TEMP TABLE removed_ids(id TEXT PRIMARY KEY) WITHOUT ROWID;
            INSERT OR IGNORE INTO temp.removed_ids SELECT vuln_id FROM affected WHERE {affected};
            INSERT OR IGNORE INTO temp.removed_ids SELECT vuln_id FROM cvss WHERE $f = 'nvd' AND source = 'nvd';
            DELETE FROM affected WHERE {affected};
            DELETE FROM cvss WHERE $f = 'nvd' AND source = 'nvd';
            CREATE TEMP TABLE kept_ids(id TEXT PRIMARY KEY) WITHOUT ROWID;
            INSERT OR IGNORE INTO temp.kept_ids SELECT vuln_id FROM affected WHERE vuln_id IN temp.removed_ids;
            INSERT OR IGNORE INTO temp.kept_ids SELECT r.id FROM temp.removed_ids r WHERE EXISTS (SELECT 1 FROM cvss c WHERE c.vuln_id = r.id AND c.source = 'nvd');
            DELETE FROM temp.removed_ids WHERE id IN temp.kept_ids;
            DELETE FROM vulnerability WHERE id IN temp.removed_ids;
            DELETE FROM alias WHERE vuln_id IN temp.removed_ids;
            DELETE FROM cvss WHERE vuln_id IN temp.removed_ids;
            DELETE FROM reference WHERE vuln_id IN temp.removed_ids;
            DROP TABLE temp.removed_ids;
            DROP TABLE temp.kept_ids;
            DELETE FROM product_cpe WHERE $f = 'redhat-csaf';
            DELETE FROM os_lifecycle WHERE $f = 'endoflife';
            DELETE FROM feed WHERE name = $f;
            DELETE FROM meta WHERE key LIKE 'feed:' || $f || ':%';
            """;
        cmd.ExecuteNonQuery();
        transaction.Commit();
    }
}
