using Npgsql;

namespace Drydock.Server.Storage;

/// <summary>
/// Brings the schema to <see cref="SchemaMigrations.All"/>'s last version at start. The migrations run in one
/// transaction under a transaction-scoped advisory lock, so processes starting together apply each step exactly once
/// (the second waits, then finds nothing to do); a migration already recorded in <c>schema_migrations</c> is skipped.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>The advisory lock key (an arbitrary constant: "drydock" in ASCII).</summary>
    internal const long LockKey = 0x64727964_6F636B;

    public static async Task<int> MigrateAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Execute(conn, tx, $"SELECT pg_advisory_xact_lock({LockKey})", ct);
        await Execute(conn, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", ct);
        var applied = new HashSet<int>();
        await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", conn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetInt32(0));
        var count = 0;
        foreach (var m in SchemaMigrations.All)
        {
            if (applied.Contains(m.Version)) continue;
            await Execute(conn, tx, m.Sql, ct);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", conn, tx);
            record.Parameters.Add(new() { Value = m.Version });
            record.Parameters.Add(new() { Value = m.Name });
            await record.ExecuteNonQueryAsync(ct);
            count++;
        }
        await tx.CommitAsync(ct);
        return count;
    }

    private static async Task Execute(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
