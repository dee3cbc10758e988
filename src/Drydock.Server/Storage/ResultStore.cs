using System.Text.Json;
using Drydock.Server.Api;
using Drydock.Server.Scanning;
using Npgsql;
using NpgsqlTypes;

namespace Drydock.Server.Storage;

/// <summary>
/// Inventories (one per manifest digest), and per digest and database version the findings, control verdicts and
/// rendered reports. Saving the same digest and database version twice stores nothing the second time: a job leased
/// again after its worker died, or two jobs for the same image, give one result.
/// </summary>
public sealed class ResultStore(NpgsqlDataSource source)
{
    /// <summary>Stores <paramref name="outcome"/>; false when that digest and database version were already stored.</summary>
    public async Task<bool> SaveAsync(ScanOutcome outcome, CancellationToken ct)
    {
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var image = new NpgsqlCommand("""
            INSERT INTO images (digest, repository, os, package_count, inventory, match_inventory) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (digest) DO UPDATE SET last_seen = now(), repository = EXCLUDED.repository,
                match_inventory = COALESCE(EXCLUDED.match_inventory, images.match_inventory)
            """, conn, tx))
        {
            image.Parameters.Add(new() { Value = outcome.Digest });
            image.Parameters.Add(new() { Value = outcome.Repository });
            image.Parameters.Add(new() { Value = (object?)outcome.Os ?? DBNull.Value });
            image.Parameters.Add(new() { Value = outcome.Packages.Count });
            image.Parameters.Add(new() { Value = JsonSerializer.Serialize(outcome.Packages, ServerJsonContext.Default.IReadOnlyListStoredPackage), NpgsqlDbType = NpgsqlDbType.Jsonb });
            image.Parameters.Add(new() { Value = (object?)outcome.MatchInventory ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
            await image.ExecuteNonQueryAsync(ct);
        }
        // A re-matched result (no reports) gives way to the scan's own (Rematch/).
        await using (var rematched = new NpgsqlCommand("DELETE FROM scan_results WHERE digest = $1 AND db_version = $2 AND report_json IS NULL", conn, tx))
        {
            rematched.Parameters.Add(new() { Value = outcome.Digest });
            rematched.Parameters.Add(new() { Value = outcome.DatabaseVersion });
            await rematched.ExecuteNonQueryAsync(ct);
        }
        await using (var result = new NpgsqlCommand("""
            INSERT INTO scan_results (digest, db_version, report_json, report_sarif, report_cyclonedx, report_spdx) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (digest, db_version) DO NOTHING
            """, conn, tx))
        {
            result.Parameters.Add(new() { Value = outcome.Digest });
            result.Parameters.Add(new() { Value = outcome.DatabaseVersion });
            foreach (var format in ReportFormats.All) result.Parameters.Add(new() { Value = outcome.Reports[format] });
            if (await result.ExecuteNonQueryAsync(ct) == 0)
            {
                await tx.CommitAsync(ct);
                return false;
            }
        }
        var findings = new NpgsqlBatch(conn, tx);
        foreach (var f in outcome.Findings)
        {
            var cmd = new NpgsqlBatchCommand("""
                INSERT INTO findings (digest, db_version, vulnerability_id, package_name, installed_version, fixed_version, severity, status, purl, description, links)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                """);
            object?[] values = [outcome.Digest, outcome.DatabaseVersion, f.VulnerabilityId, f.Package, f.InstalledVersion, f.FixedVersion, f.Severity, f.Status, f.Purl, f.Description, f.Links.ToArray()];
            foreach (var v in values) cmd.Parameters.Add(new() { Value = v ?? DBNull.Value });
            findings.BatchCommands.Add(cmd);
        }
        foreach (var c in outcome.Verdicts)
        {
            var cmd = new NpgsqlBatchCommand("INSERT INTO control_verdicts (digest, db_version, control_id, outcome, summary) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING");
            foreach (var v in new object[] { outcome.Digest, outcome.DatabaseVersion, c.ControlId, c.Outcome, c.Summary }) cmd.Parameters.Add(new() { Value = v });
            findings.BatchCommands.Add(cmd);
        }
        await using (findings)
            if (findings.BatchCommands.Count > 0) await findings.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Holds the digest's advisory lock until disposed (<see cref="DigestLock"/>): one scan of an image at a time.</summary>
    internal Task<DigestLock> LockDigestAsync(string digest, CancellationToken ct) => DigestLock.AcquireAsync(source, digest, ct);

    /// <summary>True when a result for this digest and database version is stored (a worker then has nothing to scan).</summary>
    public async Task<bool> ExistsAsync(string digest, string databaseVersion, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("SELECT EXISTS (SELECT 1 FROM scan_results WHERE digest = $1 AND db_version = $2 AND report_json IS NOT NULL)");
        cmd.Parameters.Add(new() { Value = digest });
        cmd.Parameters.Add(new() { Value = databaseVersion });
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>The rendered report in <paramref name="format"/> (one of <see cref="ReportFormats.All"/>); null when not stored.</summary>
    public async Task<byte[]?> ReportAsync(string digest, string databaseVersion, string format, CancellationToken ct)
    {
        var column = format switch
        {
            ReportFormats.Json => "report_json",
            ReportFormats.Sarif => "report_sarif",
            ReportFormats.CycloneDx => "report_cyclonedx",
            ReportFormats.Spdx => "report_spdx",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown report format"),
        };
        await using var cmd = source.CreateCommand($"SELECT {column} FROM scan_results WHERE digest = $1 AND db_version = $2");
        cmd.Parameters.Add(new() { Value = digest });
        cmd.Parameters.Add(new() { Value = databaseVersion });
        return await cmd.ExecuteScalarAsync(ct) as byte[];
    }

    /// <summary>The stored findings of one result, sorted by vulnerability and package.</summary>
    public async Task<IReadOnlyList<StoredFinding>> FindingsAsync(string digest, string databaseVersion, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            SELECT vulnerability_id, package_name, installed_version, fixed_version, severity, status, purl, description, links
            FROM findings WHERE digest = $1 AND db_version = $2 ORDER BY vulnerability_id, package_name, installed_version
            """);
        cmd.Parameters.Add(new() { Value = digest });
        cmd.Parameters.Add(new() { Value = databaseVersion });
        var list = new List<StoredFinding>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new StoredFinding(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), r.GetString(5),
                r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetFieldValue<string[]>(8)));
        return list;
    }

    /// <summary>
    /// The images whose newest stored result lists <paramref name="vulnerabilityId"/> (or has it as an alias of the id
    /// stored), with the hosts' containers that run them (matched by manifest digest).
    /// </summary>
    public async Task<AffectedResponse> AffectedAsync(string vulnerabilityId, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            WITH newest AS (
                SELECT DISTINCT ON (digest) digest, db_version FROM scan_results ORDER BY digest, scanned_at DESC)
            SELECT i.digest, i.repository, f.package_name, f.installed_version, f.fixed_version, f.severity,
                   c.host, c.container_id, c.name, c.image, c.running
            FROM findings f
            JOIN newest n ON n.digest = f.digest AND n.db_version = f.db_version
            JOIN images i ON i.digest = f.digest
            LEFT JOIN containers c ON c.image_digest = f.digest
            WHERE f.vulnerability_id = $1
            ORDER BY i.digest, f.package_name, c.host, c.name
            """);
        cmd.Parameters.Add(new() { Value = vulnerabilityId });
        var images = new Dictionary<string, AffectedImage>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var digest = r.GetString(0);
            if (!images.TryGetValue(digest, out var image))
                images[digest] = image = new AffectedImage(digest, r.GetString(1), [], []);
            var package = new AffectedPackageRef(r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5));
            if (!image.Packages.Contains(package)) image.Packages.Add(package);
            if (r.IsDBNull(6)) continue;
            var container = new AffectedContainer(r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9), r.GetBoolean(10));
            if (!image.Containers.Contains(container)) image.Containers.Add(container);
        }
        var list = images.Values.ToList();
        return new AffectedResponse(vulnerabilityId, list,
            [.. list.Select(i => i.Repository).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. list.SelectMany(i => i.Containers).Select(c => c.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }
}
