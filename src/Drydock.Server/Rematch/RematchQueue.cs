using Npgsql;

namespace Drydock.Server.Rematch;

/// <summary>
/// The re-match work in PostgreSQL: one run per vulnerability database version (planned once, whichever process sees
/// the version first) split into batches of manifest digests, each claimed with <c>FOR UPDATE SKIP LOCKED</c> and a
/// lease like a scan job, so any number of workers share it and a killed worker's batch is leased again.
/// </summary>
internal sealed class RematchQueue(NpgsqlDataSource source)
{
    /// <summary>Digests per batch: small enough that a lost lease redoes little, large enough to amortise the round trips.</summary>
    public const int BatchSize = 200;

    /// <summary>
    /// Plans the re-match of every stored inventory that has no result for <paramref name="version"/> yet; null when that
    /// version was planned already (by any process), else the digests and batches planned.
    /// </summary>
    public async Task<(int Digests, int Batches)?> PlanAsync(string version, RematchDiff diff, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(diff);
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var keys = diff.Changed?.ToList();
        if (await Execute(conn, tx, """
                INSERT INTO rematch_runs (db_version, batches, digests, base_version, changed_namespaces, changed_packages) VALUES ($1, 0, 0, $2, $3, $4)
                ON CONFLICT DO NOTHING
                """, ct, version, (object?)diff.BaseVersion ?? DBNull.Value,
                (object?)keys?.ConvertAll(k => k.Namespace).ToArray() ?? DBNull.Value, (object?)keys?.ConvertAll(k => k.Package).ToArray() ?? DBNull.Value) == 0)
            return null;
        var batches = await Execute(conn, tx, """
            INSERT INTO rematch_batches (db_version, digests)
            SELECT $1, array_agg(digest ORDER BY digest) FROM (
                SELECT i.digest, (row_number() OVER (ORDER BY i.digest) - 1) / $2 AS batch FROM images i
                WHERE i.match_inventory IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM scan_results s WHERE s.digest = i.digest AND s.db_version = $1)) d
            GROUP BY batch
            """, ct, version, BatchSize);
        await using var update = new NpgsqlCommand("""
            UPDATE rematch_runs SET batches = $2, digests = (SELECT coalesce(sum(cardinality(digests)), 0) FROM rematch_batches WHERE db_version = $1),
                finished_at = CASE WHEN $2 = 0 THEN now() END
            WHERE db_version = $1 RETURNING digests
            """, conn, tx);
        update.Parameters.Add(new() { Value = version });
        update.Parameters.Add(new() { Value = batches });
        var digests = (int)(await update.ExecuteScalarAsync(ct))!;
        await tx.CommitAsync(ct);
        return (digests, batches);
    }

    /// <summary>Claims the oldest batch that is queued or whose lease expired; null when none.</summary>
    public async Task<RematchBatch?> ClaimAsync(string worker, TimeSpan lease, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            UPDATE rematch_batches SET state = 'running', lease_owner = $1, lease_until = now() + $2, attempts = attempts + 1
            WHERE id = (SELECT id FROM rematch_batches WHERE state = 'queued' OR (state = 'running' AND lease_until < now())
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, db_version, digests, attempts
            """);
        cmd.Parameters.Add(new() { Value = worker });
        cmd.Parameters.Add(new() { Value = lease });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new RematchBatch(r.GetInt64(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.GetInt32(3)) : null;
    }

    /// <summary>Renews the lease; false when <paramref name="worker"/> no longer holds it.</summary>
    public async Task<bool> HeartbeatAsync(long id, string worker, TimeSpan lease, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("UPDATE rematch_batches SET lease_until = now() + $3 WHERE id = $1 AND lease_owner = $2 AND state = 'running'");
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = worker });
        cmd.Parameters.Add(new() { Value = lease });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Every run, newest first, with how many of its batches are done (<c>GET /api/v1/rematches</c>).</summary>
    public async Task<IReadOnlyList<RematchRun>> RunsAsync(CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            SELECT r.db_version, r.created_at, r.digests, r.batches, (SELECT count(*)::int FROM rematch_batches b WHERE b.db_version = r.db_version AND b.state = 'done'),
                   r.finished_at, (SELECT count(*)::int FROM notifications n WHERE n.db_version = r.db_version)
            FROM rematch_runs r ORDER BY r.created_at DESC
            """);
        var runs = new List<RematchRun>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            runs.Add(new RematchRun(r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4),
                r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5), r.GetInt32(6)));
        return runs;
    }

    /// <summary>The diff a run was planned with (<see cref="RematchDiff.Full"/> when it was planned without one).</summary>
    internal static async Task<RematchDiff> DiffAsync(NpgsqlConnection conn, string version, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT base_version, changed_namespaces, changed_packages FROM rematch_runs WHERE db_version = $1", conn);
        cmd.Parameters.Add(new() { Value = version });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct) || r.IsDBNull(0) || r.IsDBNull(1) || r.IsDBNull(2)) return RematchDiff.Full;
        var namespaces = r.GetFieldValue<string[]>(1);
        var packages = r.GetFieldValue<string[]>(2);
        return new RematchDiff(r.GetString(0), namespaces.Zip(packages).ToHashSet());
    }

    internal static async Task<int> Execute(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params object[] values)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var v in values) cmd.Parameters.Add(new() { Value = v });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// What a run may re-use: the database version <see cref="AdvisoryDiff"/> compared against and the (namespace, package)
/// keys that changed since; a digest whose newest earlier result is <see cref="BaseVersion"/> re-matches only the
/// packages that read a changed key. Both null: every package is matched.
/// </summary>
internal sealed record RematchDiff(string? BaseVersion, IReadOnlySet<(string Namespace, string Package)>? Changed)
{
    public static RematchDiff Full { get; } = new(null, null);
}

/// <summary>A claimed batch: the database version to match against and the digests to re-match.</summary>
internal sealed record RematchBatch(long Id, string DatabaseVersion, IReadOnlyList<string> Digests, int Attempt);

/// <summary>A re-match run as the API shows it.</summary>
public sealed record RematchRun(string DatabaseVersion, DateTimeOffset CreatedAt, int Digests, int Batches, int BatchesDone, DateTimeOffset? FinishedAt, int Notifications);
