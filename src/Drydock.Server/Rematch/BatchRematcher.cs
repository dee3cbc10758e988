using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Drydock.Server.Queue;
using Drydock.Server.Scanning;
using Drydock.Server.Storage;
using Drydock.Server.Webhooks;
using Drydock.Vulnerabilities.Database;
using Npgsql;
using NpgsqlTypes;

namespace Drydock.Server.Rematch;

/// <summary>
/// Re-matches one batch of stored inventories against the database file, without reading any image: per digest the
/// stored match inventory is matched (the scan pipeline's matchers and default gate filter, so the findings equal a
/// fresh scan's), stored as that digest's result for the new database version (findings, the previous result's control
/// verdicts, no rendered reports), and diffed against the digest's newest earlier result: each vulnerability new to the
/// digest becomes one notification. Everything a batch writes commits in one transaction together with the batch's
/// completion, and only while the worker still holds the lease, so a batch leased again writes it exactly once.
/// The last batch of a run plans the webhook deliveries.
/// </summary>
internal sealed class BatchRematcher(NpgsqlDataSource source, string databasePath, TimeProvider clock, ServerLog? log = null,
    int maxNotificationsPerPost = DeliveryPlanner.DefaultMaxNotifications)
{
    private readonly ConcurrentDictionary<string, RematchDiff> _diffs = new(StringComparer.Ordinal);

    /// <summary>Outcome of one batch: digests re-matched, notifications created; null result = the batch was not this worker's to finish.</summary>
    public async Task<(int Digests, int Notifications, bool RunFinished)?> RunAsync(RematchBatch batch, string worker, CancellationToken ct)
    {
        var clockStart = Stopwatch.GetTimestamp();
        await using var conn = await source.OpenConnectionAsync(ct);
        var diff = await DiffAsync(conn, batch.DatabaseVersion, ct);
        var images = await LoadAsync(conn, batch, ct);
        var previous = await PreviousFindingsAsync(conn, images, ct);
        var loaded = Stopwatch.GetTimestamp();
        var matched = new List<(StoredImage Image, IReadOnlyList<StoredFinding> Findings)>(images.Count);
        int incremental = 0, packagesMatched = 0;
        // One store for the whole batch: a database file replaced meanwhile is read whole, old or new, never mixed.
        using (var store = SqliteAdvisoryStore.Open(databasePath))
        {
            var version = store.BuiltAt is { } built ? ScanRunner.Key(built) : "unknown";
            if (version != batch.DatabaseVersion)
            {
                // The file moved on: the newer version's own run covers these digests; this one is finished empty.
                images.Clear();
            }
            // One advisory cache for the batch: a (namespace, package) its images share is read from SQLite once.
            var matcher = new BatchMatcher(store, clock);
            foreach (var image in images)
            {
                ct.ThrowIfCancellationRequested();
                var inventory = MatchInventory.FromJson(image.InventoryJson);
                // A digest whose newest earlier result is the diff's base keeps the findings of packages the diff does not touch.
                if (diff.Changed is { } changed && image.PreviousVersion == diff.BaseVersion && previous.TryGetValue(image.Digest, out var old)
                    && matcher.MatchChanged(inventory, old, changed) is { } partial)
                {
                    incremental++;
                    packagesMatched += partial.Rematched;
                    matched.Add((image, partial.Findings));
                    continue;
                }
                packagesMatched += inventory.Packages.Count;
                matched.Add((image, matcher.Match(inventory)));
            }
        }
        var matchedAt = Stopwatch.GetTimestamp();

        await using var tx = await conn.BeginTransactionAsync(ct);
        var fresh = await ClaimResultsAsync(conn, tx, batch.DatabaseVersion, matched.ConvertAll(m => m.Image.Digest), ct);
        var written = matched.Where(m => fresh.Contains(m.Image.Digest)).ToList();
        await ResultStore.CopyFindingsAsync(conn, written.SelectMany(w => w.Findings.Select(f => (w.Image.Digest, batch.DatabaseVersion, f))), ct);
        await CopyVerdictsAsync(conn, tx, batch.DatabaseVersion, written.ConvertAll(m => m.Image), ct);
        var notifications = await NotifyAsync(conn, tx, batch.DatabaseVersion, written, previous, ct);
        if (await RematchQueue.Execute(conn, tx, "UPDATE rematch_batches SET state = 'done', finished_at = now(), lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
                ct, batch.Id, worker) == 0)
        {
            await tx.RollbackAsync(ct);
            return null;
        }
        var planned = await FinishRunAsync(conn, tx, batch.DatabaseVersion, maxNotificationsPerPost, ct);
        await tx.CommitAsync(ct);
        log?.Write(string.Create(CultureInfo.InvariantCulture,
            $"re-match batch {batch.Id}: {written.Count} digest(s) ({incremental} from the diff, {packagesMatched} package(s) matched), read {Ms(clockStart, loaded)} ms, match {Ms(loaded, matchedAt)} ms, write {Ms(matchedAt, Stopwatch.GetTimestamp())} ms; {ProcessMemory.Describe()}"));
        if (planned is { } posts)
            log?.Write(string.Create(CultureInfo.InvariantCulture, $"re-match of {batch.DatabaseVersion}: {posts} webhook delivery(ies) planned; {ProcessMemory.Describe()}"));
        return (written.Count, notifications, planned is not null);
    }

    private static long Ms(long from, long to) => (long)Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>The run's diff (<see cref="RematchQueue.PlanAsync"/>), read once per version by this process.</summary>
    private async Task<RematchDiff> DiffAsync(NpgsqlConnection conn, string version, CancellationToken ct)
    {
        if (_diffs.TryGetValue(version, out var diff)) return diff;
        diff = await RematchQueue.DiffAsync(conn, version, ct);
        _diffs.TryAdd(version, diff);
        return diff;
    }

    private sealed record StoredImage(string Digest, string Repository, string InventoryJson, string? PreviousVersion);

    private static async Task<List<StoredImage>> LoadAsync(NpgsqlConnection conn, RematchBatch batch, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT i.digest, i.repository, i.match_inventory::text, prev.db_version FROM images i
            LEFT JOIN LATERAL (SELECT s.db_version FROM scan_results s WHERE s.digest = i.digest AND s.db_version <> $2
                               ORDER BY s.scanned_at DESC, s.db_version DESC LIMIT 1) prev ON true
            WHERE i.digest = ANY($1) AND i.match_inventory IS NOT NULL ORDER BY i.digest
            """, conn);
        cmd.Parameters.Add(new() { Value = batch.Digests.ToArray() });
        cmd.Parameters.Add(new() { Value = batch.DatabaseVersion });
        var list = new List<StoredImage>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new StoredImage(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        return list;
    }

    /// <summary>The findings of each digest's newest earlier result (a digest without one is absent: nothing to diff against).</summary>
    private static async Task<Dictionary<string, List<StoredFinding>>> PreviousFindingsAsync(NpgsqlConnection conn, List<StoredImage> images, CancellationToken ct)
    {
        var withPrevious = images.Where(i => i.PreviousVersion is not null).ToList();
        var map = withPrevious.ToDictionary(i => i.Digest, _ => new List<StoredFinding>(), StringComparer.Ordinal);
        if (withPrevious.Count == 0) return map;
        await using var cmd = new NpgsqlCommand("""
            SELECT f.digest, f.vulnerability_id, f.package_name, f.installed_version, f.fixed_version, f.severity, f.status, f.purl, f.description, f.links
            FROM findings f
            JOIN unnest($1::text[], $2::text[]) AS p (digest, db_version) ON f.digest = p.digest AND f.db_version = p.db_version
            """, conn);
        cmd.Parameters.Add(new() { Value = withPrevious.Select(i => i.Digest).ToArray() });
        cmd.Parameters.Add(new() { Value = withPrevious.Select(i => i.PreviousVersion!).ToArray() });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) map[r.GetString(0)].Add(ResultStore.ReadFinding(r, 1));
        return map;
    }

    /// <summary>Inserts the report-less results; returns the digests that had none yet for this version (the others are already done).</summary>
    private static async Task<HashSet<string>> ClaimResultsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string version, List<string> digests, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO scan_results (digest, db_version) SELECT d, $2 FROM unnest($1::text[]) AS d
            ON CONFLICT (digest, db_version) DO NOTHING RETURNING digest
            """, conn, tx);
        cmd.Parameters.Add(new() { Value = digests.ToArray() });
        cmd.Parameters.Add(new() { Value = version });
        var set = new HashSet<string>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) set.Add(r.GetString(0));
        return set;
    }

    /// <summary>Control verdicts do not depend on the vulnerability database: the previous result's are carried over.</summary>
    private static async Task CopyVerdictsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string version, List<StoredImage> images, CancellationToken ct)
    {
        var withPrevious = images.Where(i => i.PreviousVersion is not null).ToList();
        if (withPrevious.Count == 0) return;
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO control_verdicts (digest, db_version, control_id, outcome, summary)
            SELECT v.digest, $3, v.control_id, v.outcome, v.summary FROM control_verdicts v
            JOIN unnest($1::text[], $2::text[]) AS p (digest, db_version) ON v.digest = p.digest AND v.db_version = p.db_version
            ON CONFLICT DO NOTHING
            """, conn, tx);
        cmd.Parameters.Add(new() { Value = withPrevious.Select(i => i.Digest).ToArray() });
        cmd.Parameters.Add(new() { Value = withPrevious.Select(i => i.PreviousVersion!).ToArray() });
        cmd.Parameters.Add(new() { Value = version });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One notification per vulnerability new to a digest (first package listed); a (digest, vulnerability) notified before is never notified again.</summary>
    private static async Task<int> NotifyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string version,
        List<(StoredImage Image, IReadOnlyList<StoredFinding> Findings)> written, Dictionary<string, List<StoredFinding>> previous, CancellationToken ct)
    {
        var rows = new List<(string Digest, string Repository, StoredFinding Finding)>();
        foreach (var (image, findings) in written)
        {
            if (!previous.TryGetValue(image.Digest, out var before)) continue;
            var old = before.Select(f => f.VulnerabilityId).ToHashSet(StringComparer.Ordinal);
            foreach (var first in findings.Where(f => !old.Contains(f.VulnerabilityId)).GroupBy(f => f.VulnerabilityId, StringComparer.Ordinal).Select(g => g.First()))
                rows.Add((image.Digest, image.Repository, first));
        }
        if (rows.Count == 0) return 0;
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO notifications (digest, vulnerability_id, db_version, repository, severity, package_name, installed_version, fixed_version)
            SELECT d, v, $8, r, s, p, i, f FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t (d, v, r, s, p, i, f)
            ON CONFLICT (digest, vulnerability_id) DO NOTHING
            """, conn, tx);
        cmd.Parameters.Add(new() { Value = rows.Select(x => x.Digest).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(x => x.Finding.VulnerabilityId).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(x => x.Repository).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(x => x.Finding.Severity).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(x => x.Finding.Package).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(x => x.Finding.InstalledVersion).ToArray() });
        cmd.Parameters.Add(new() { Value = rows.Select(x => x.Finding.FixedVersion).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = version });
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// When no batch of the run is left, marks it finished and plans its deliveries (returns how many; null = the run goes
    /// on or another batch finished it). The run's row is locked first, so of two workers finishing the last two batches
    /// together, the second sees the first's batch done and finishes the run once.
    /// </summary>
    private static async Task<int?> FinishRunAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string version, int maxNotificationsPerPost, CancellationToken ct)
    {
        await using (var lockRun = new NpgsqlCommand("SELECT finished_at IS NULL FROM rematch_runs WHERE db_version = $1 FOR UPDATE", conn, tx))
        {
            lockRun.Parameters.Add(new() { Value = version });
            if (await lockRun.ExecuteScalarAsync(ct) is not true) return null;
        }
        await using (var open = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM rematch_batches WHERE db_version = $1 AND state <> 'done')", conn, tx))
        {
            open.Parameters.Add(new() { Value = version });
            if (await open.ExecuteScalarAsync(ct) is true) return null;
        }
        var deliveries = await DeliveryPlanner.PlanAsync(conn, tx, version, maxNotificationsPerPost, ct);
        await RematchQueue.Execute(conn, tx, "UPDATE rematch_runs SET finished_at = now() WHERE db_version = $1", ct, version);
        return deliveries;
    }
}
