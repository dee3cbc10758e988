using Npgsql;

namespace Drydock.Server.Storage;

/// <summary>
/// Keeps the tables from growing without end (Clair's database does): per image only the results of the newest
/// <see cref="RetentionSettings.DatabaseVersions"/> database versions; finished jobs, hosts not heard from, history rows, and images
/// no result, job or container refers to, for <see cref="RetentionSettings.Days"/> days. One process sweeps at a time
/// (a try-lock: the others skip that round).
/// </summary>
public sealed class RetentionSweeper(NpgsqlDataSource source, RetentionSettings settings)
{
    private const long LockKey = SchemaMigrator.LockKey + 1;

    /// <summary>Deletes what the settings no longer keep; returns the rows deleted per table (empty when another process holds the sweep).</summary>
    public async Task<IReadOnlyDictionary<string, int>> SweepAsync(CancellationToken ct)
    {
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({LockKey})", conn, tx))
            if (await tryLock.ExecuteScalarAsync(ct) is not true) return deleted;
        var age = TimeSpan.FromDays(settings.Days);
        deleted["scan_results"] = await Run(conn, tx, """
            DELETE FROM scan_results s USING (
                SELECT digest, db_version, row_number() OVER (PARTITION BY digest ORDER BY scanned_at DESC, db_version DESC) AS rank FROM scan_results) ranked
            WHERE s.digest = ranked.digest AND s.db_version = ranked.db_version AND ranked.rank > $1
            """, settings.DatabaseVersions, ct);
        deleted["jobs"] = await Run(conn, tx, "DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at < now() - $1", age, ct);
        deleted["hosts"] = await Run(conn, tx, "DELETE FROM hosts WHERE last_audit_at < now() - $1", age, ct);
        deleted["freshness_history"] = await Run(conn, tx, "DELETE FROM freshness_history WHERE observed_at < now() - $1", age, ct);
        deleted["update_history"] = await Run(conn, tx, "DELETE FROM update_history WHERE recorded_at < now() - $1", age, ct);
        deleted["images"] = await Run(conn, tx, """
            DELETE FROM images i WHERE i.last_seen < now() - $1
              AND NOT EXISTS (SELECT 1 FROM scan_results s WHERE s.digest = i.digest AND s.scanned_at >= now() - $1)
              AND NOT EXISTS (SELECT 1 FROM containers c WHERE c.image_digest = i.digest)
            """, age, ct);
        deleted["rematch_runs"] = await Run(conn, tx, "DELETE FROM rematch_runs WHERE finished_at < now() - $1", age, ct);
        deleted["webhook_deliveries"] = await Run(conn, tx, "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < now() - $1", age, ct);
        deleted["notifications"] = await Run(conn, tx, "DELETE FROM notifications n WHERE n.created_at < now() - $1 AND NOT EXISTS (SELECT 1 FROM images i WHERE i.digest = n.digest)", age, ct);
        await tx.CommitAsync(ct);
        return deleted;
    }

    private static async Task<int> Run(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, object parameter, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.Add(new() { Value = parameter });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
