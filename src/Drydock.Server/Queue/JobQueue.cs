using Npgsql;

namespace Drydock.Server.Queue;

/// <summary>
/// The work queue, in the same PostgreSQL as the results (no broker): a job is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> (concurrent workers never wait for, or take, the same row), held by a lease that its
/// worker's heartbeat renews, and leased again to another worker once the lease has expired (its worker died).
/// Every change a worker makes is conditional on still holding the lease, so a worker that lost it changes nothing.
/// </summary>
public sealed class JobQueue(NpgsqlDataSource source)
{
    /// <summary>Queues a scan of <paramref name="reference"/>; <paramref name="pinnedTo"/> = only that server instance may run it.</summary>
    public async Task<long> EnqueueAsync(string kind, string reference, string? pinnedTo, CancellationToken ct, string? detailsJson = null)
    {
        await using var cmd = source.CreateCommand("INSERT INTO jobs (kind, reference, pinned_to, details) VALUES ($1, $2, $3, $4) RETURNING id");
        cmd.Parameters.Add(new() { Value = kind });
        cmd.Parameters.Add(new() { Value = reference });
        cmd.Parameters.Add(new() { Value = (object?)pinnedTo ?? DBNull.Value });
        cmd.Parameters.Add(new() { Value = (object?)detailsJson ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Claims the oldest job that is queued, or running with an expired lease, for <paramref name="worker"/> (of server
    /// instance <paramref name="instance"/>); <paramref name="pinnedOnly"/> = only jobs pinned to this instance. Null when none.
    /// </summary>
    public async Task<ScanJob?> ClaimAsync(string worker, string instance, bool pinnedOnly, TimeSpan lease, CancellationToken ct)
    {
        var pinned = pinnedOnly ? "pinned_to = $2" : "(pinned_to IS NULL OR pinned_to = $2)";
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            UPDATE jobs SET state = 'running', lease_owner = $1, lease_until = now() + $3, attempts = attempts + 1, started_at = now()
            WHERE id = (SELECT id FROM jobs
                        WHERE (state = 'queued' OR (state = 'running' AND lease_until < now())) AND {pinned}
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, kind, reference, attempts, pinned_to
            """, conn, tx);
        cmd.Parameters.Add(new() { Value = worker });
        cmd.Parameters.Add(new() { Value = instance });
        cmd.Parameters.Add(new() { Value = lease });
        ScanJob? job = null;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct))
                job = new ScanJob(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        if (job is not null)
        {
            await using var attempt = new NpgsqlCommand("INSERT INTO job_attempts (job_id, attempt, worker) VALUES ($1, $2, $3)", conn, tx);
            attempt.Parameters.Add(new() { Value = job.Id });
            attempt.Parameters.Add(new() { Value = job.Attempt });
            attempt.Parameters.Add(new() { Value = worker });
            await attempt.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return job;
    }

    /// <summary>Renews the lease; false when <paramref name="worker"/> no longer holds it (the job was leased again).</summary>
    public async Task<bool> HeartbeatAsync(long id, string worker, TimeSpan lease, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("UPDATE jobs SET lease_until = now() + $3 WHERE id = $1 AND lease_owner = $2 AND state = 'running'");
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = worker });
        cmd.Parameters.Add(new() { Value = lease });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Marks the job done with its result's key; false when the lease was lost (another worker owns the job now).</summary>
    public async Task<bool> CompleteAsync(long id, string worker, string digest, string databaseVersion, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            UPDATE jobs SET state = 'done', finished_at = now(), lease_until = NULL, result_digest = $3, db_version = $4, error = NULL
            WHERE id = $1 AND lease_owner = $2 AND state = 'running'
            """);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = worker });
        cmd.Parameters.Add(new() { Value = digest });
        cmd.Parameters.Add(new() { Value = databaseVersion });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Marks the job failed with a one-line reason (the image cannot be read: retrying would not help).</summary>
    public async Task<bool> FailAsync(long id, string worker, string error, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            UPDATE jobs SET state = 'failed', finished_at = now(), lease_until = NULL, error = $3
            WHERE id = $1 AND lease_owner = $2 AND state = 'running'
            """);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = worker });
        cmd.Parameters.Add(new() { Value = error });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Puts a job this worker holds back in the queue (the process is stopping); false when the lease was lost already.</summary>
    public async Task<bool> ReleaseAsync(long id, string worker, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND state = 'running'
            """);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = worker });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// Fails jobs pinned to another instance whose credentials died with it: running with an expired lease, or still
    /// queued after one lease (their instance claims them at once while it lives). Returns how many.
    /// </summary>
    public async Task<int> FailOrphanedPinnedAsync(string instance, TimeSpan lease, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            UPDATE jobs SET state = 'failed', finished_at = now(), lease_until = NULL,
                error = 'the server process that held this scan''s registry credentials stopped before finishing it; submit the scan again'
            WHERE pinned_to IS NOT NULL AND pinned_to <> $1
              AND ((state = 'running' AND lease_until < now()) OR (state = 'queued' AND created_at < now() - $2))
            """);
        cmd.Parameters.Add(new() { Value = instance });
        cmd.Parameters.Add(new() { Value = lease });
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<JobStatus?> GetAsync(long id, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            SELECT id, kind, reference, state, attempts, error, result_digest, db_version, created_at, finished_at, details::text FROM jobs WHERE id = $1
            """);
        cmd.Parameters.Add(new() { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new JobStatus(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4),
            r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
            r.GetFieldValue<DateTimeOffset>(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9), r.IsDBNull(10) ? null : r.GetString(10));
    }
}
