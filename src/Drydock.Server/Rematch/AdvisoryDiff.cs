using Microsoft.Data.Sqlite;

namespace Drydock.Server.Rematch;

/// <summary>
/// What changed for matching between two vulnerability database files (the schema of
/// <c>Vulnerabilities/Database/DatabaseSchema</c>): the (namespace, package) keys whose <c>affected</c> rows differ
/// (compared as multisets, without the load-order <c>seq</c>), plus every key whose rows name a vulnerability whose
/// details (<c>vulnerability</c>, <c>alias</c>, <c>cvss</c>, <c>reference</c>) differ, directly or through an alias.
/// A package whose matcher reads none of these keys gets exactly the findings it had under the old file. Null when a
/// change reaches beyond single keys (a namespace's sources or a family's namespaces, product CPEs): then every
/// package must be matched again.
/// </summary>
internal static class AdvisoryDiff
{
    private const string AffectedColumns = "namespace, package, vuln_id, version_scheme, introduced, fixed, last_affected, limit_version, versions, status, status_detail, severity, severity_source, data_source";

    public static IReadOnlySet<(string Namespace, string Package)>? Compute(string oldPath, string newPath)
    {
        using var conn = SqliteConnections.Create(new SqliteConnectionStringBuilder { DataSource = newPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        conn.Open();
        using (var attach = conn.CreateCommand())
        {
            attach.CommandText = "ATTACH DATABASE $old AS old";
            attach.Parameters.AddWithValue("$old", oldPath);
            attach.ExecuteNonQuery();
        }
        // Sources per namespace and the namespaces themselves come from these pairs; product CPEs steer Red Hat's lookups.
        if (Differs(conn, "SELECT DISTINCT namespace, data_source FROM {0}affected") || Differs(conn, "SELECT kind, key, cpe FROM {0}product_cpe"))
            return null;
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"""
            CREATE TEMP TABLE changed_ids AS
                {Both("id", "vulnerability")}
                UNION {Both("vuln_id", "alias")}
                UNION {Both("vuln_id", "cvss")}
                UNION {Both("vuln_id", "reference")};
            CREATE TEMP TABLE touched_ids AS
                SELECT id FROM changed_ids
                UNION SELECT vuln_id FROM main.alias WHERE alias IN (SELECT id FROM changed_ids)
                UNION SELECT vuln_id FROM old.alias WHERE alias IN (SELECT id FROM changed_ids);
            SELECT namespace, package FROM (
                SELECT {AffectedColumns}, count(*) FROM main.affected GROUP BY {AffectedColumns}
                EXCEPT SELECT {AffectedColumns}, count(*) FROM old.affected GROUP BY {AffectedColumns})
            UNION SELECT namespace, package FROM (
                SELECT {AffectedColumns}, count(*) FROM old.affected GROUP BY {AffectedColumns}
                EXCEPT SELECT {AffectedColumns}, count(*) FROM main.affected GROUP BY {AffectedColumns})
            UNION SELECT namespace, package FROM main.affected WHERE vuln_id IN (SELECT id FROM temp.touched_ids)
            UNION SELECT namespace, package FROM old.affected WHERE vuln_id IN (SELECT id FROM temp.touched_ids)
            """;
        var keys = new HashSet<(string, string)>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) keys.Add((r.GetString(0), r.GetString(1)));
        return keys;
    }

    /// <summary>The <paramref name="column"/> of every row of <paramref name="table"/> in one file and not the other.</summary>
    private static string Both(string column, string table) =>
        $"SELECT {column} FROM (SELECT * FROM main.{table} EXCEPT SELECT * FROM old.{table}) UNION SELECT {column} FROM (SELECT * FROM old.{table} EXCEPT SELECT * FROM main.{table})";

    private static bool Differs(SqliteConnection conn, string select)
    {
        using var cmd = conn.CreateCommand();
        var main = string.Format(System.Globalization.CultureInfo.InvariantCulture, select, "main.");
        var old = string.Format(System.Globalization.CultureInfo.InvariantCulture, select, "old.");
        cmd.CommandText = $"SELECT EXISTS ({main} EXCEPT {old}) OR EXISTS ({old} EXCEPT {main})";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }
}
