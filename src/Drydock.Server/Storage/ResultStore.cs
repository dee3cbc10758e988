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
    public async Task<bool> SaveAsync(ScanOutcome outcome, CancellationToken ct) => (await SaveAllAsync([outcome], ct)).Count == 1;

    /// <summary>
    /// Stores <paramref name="outcomes"/> (distinct digests) in one transaction and a fixed number of round trips
    /// (multi-row statements over arrays, findings with binary COPY); returns the digests stored, without those whose
    /// digest and database version were stored already. Rows are those <see cref="SaveAsync"/> writes for each.
    /// </summary>
    public async Task<IReadOnlySet<string>> SaveAllAsync(IReadOnlyList<ScanOutcome> outcomes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Select(o => o.Digest).Distinct(StringComparer.Ordinal).Count() != outcomes.Count)
            throw new ArgumentException("each digest at most once per call", nameof(outcomes));
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var image = new NpgsqlCommand("""
            INSERT INTO images (digest, repository, os, package_count, inventory, match_inventory)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[])
            ON CONFLICT (digest) DO UPDATE SET last_seen = now(), repository = EXCLUDED.repository,
                match_inventory = COALESCE(EXCLUDED.match_inventory, images.match_inventory)
            """, conn, tx))
        {
            image.Parameters.Add(new() { Value = Column(outcomes, o => o.Digest) });
            image.Parameters.Add(new() { Value = Column(outcomes, o => o.Repository) });
            image.Parameters.Add(new() { Value = Column(outcomes, o => o.Os), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            image.Parameters.Add(new() { Value = outcomes.Select(o => o.Packages.Count).ToArray() });
            image.Parameters.Add(new() { Value = Column(outcomes, o => JsonSerializer.Serialize(o.Packages, ServerJsonContext.Default.IReadOnlyListStoredPackage)), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            image.Parameters.Add(new() { Value = Column(outcomes, o => o.MatchInventory), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            await image.ExecuteNonQueryAsync(ct);
        }
        // A re-matched result (no reports) gives way to the scan's own (Rematch/).
        await using (var rematched = new NpgsqlCommand("""
            DELETE FROM scan_results s USING unnest($1::text[], $2::text[]) AS o (digest, db_version)
            WHERE s.digest = o.digest AND s.db_version = o.db_version AND s.report_json IS NULL
            """, conn, tx))
        {
            rematched.Parameters.Add(new() { Value = Column(outcomes, o => o.Digest) });
            rematched.Parameters.Add(new() { Value = Column(outcomes, o => o.DatabaseVersion) });
            await rematched.ExecuteNonQueryAsync(ct);
        }
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var result = new NpgsqlCommand("""
            INSERT INTO scan_results (digest, db_version, report_json, report_sarif, report_cyclonedx, report_spdx)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bytea[], $5::bytea[], $6::bytea[])
            ON CONFLICT (digest, db_version) DO NOTHING RETURNING digest
            """, conn, tx))
        {
            result.Parameters.Add(new() { Value = Column(outcomes, o => o.Digest) });
            result.Parameters.Add(new() { Value = Column(outcomes, o => o.DatabaseVersion) });
            foreach (var format in ReportFormats.All) result.Parameters.Add(new() { Value = Column(outcomes, o => o.Reports[format]) });
            await using var r = await result.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) stored.Add(r.GetString(0));
        }
        var fresh = outcomes.Where(o => stored.Contains(o.Digest)).ToList();
        await CopyFindingsAsync(conn, fresh.SelectMany(o => o.Findings.Select(f => (o.Digest, o.DatabaseVersion, f))), ct);
        var verdicts = fresh.SelectMany(o => o.Verdicts.Select(v => (o.Digest, o.DatabaseVersion, v))).ToList();
        if (verdicts.Count > 0)
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO control_verdicts (digest, db_version, control_id, outcome, summary)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING
                """, conn, tx);
            cmd.Parameters.Add(new() { Value = Column(verdicts, x => x.Digest) });
            cmd.Parameters.Add(new() { Value = Column(verdicts, x => x.DatabaseVersion) });
            cmd.Parameters.Add(new() { Value = Column(verdicts, x => x.v.ControlId) });
            cmd.Parameters.Add(new() { Value = Column(verdicts, x => x.v.Outcome) });
            cmd.Parameters.Add(new() { Value = Column(verdicts, x => x.v.Summary) });
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return stored;
    }

    private static TValue[] Column<TItem, TValue>(IReadOnlyList<TItem> items, Func<TItem, TValue> value) => [.. items.Select(value)];

    /// <summary>Writes findings rows with binary COPY on <paramref name="conn"/> (inside its open transaction, if any).</summary>
    internal static async Task CopyFindingsAsync(NpgsqlConnection conn, IEnumerable<(string Digest, string Version, StoredFinding Finding)> rows, CancellationToken ct)
    {
        using var e = rows.GetEnumerator();
        if (!e.MoveNext()) return;
        await using var copy = await conn.BeginBinaryImportAsync("""
            COPY findings (digest, db_version, vulnerability_id, package_name, installed_version, fixed_version, severity, status, purl, description, links) FROM STDIN (FORMAT BINARY)
            """, ct);
        do
        {
            var (digest, version, f) = e.Current;
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(digest, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(version, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(f.VulnerabilityId, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(f.Package, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(f.InstalledVersion, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(copy, f.FixedVersion, ct);
            await copy.WriteAsync(f.Severity, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(f.Status, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(f.Purl, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(copy, f.Description, ct);
            await copy.WriteAsync(f.Links.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        }
        while (e.MoveNext());
        await copy.CompleteAsync(ct);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(value, NpgsqlDbType.Text, ct);
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
        while (await r.ReadAsync(ct)) list.Add(ReadFinding(r, 0));
        return list;
    }

    /// <summary>A finding read from columns vulnerability_id … links (in <see cref="FindingsAsync"/>'s order) starting at <paramref name="first"/>.</summary>
    internal static StoredFinding ReadFinding(NpgsqlDataReader r, int first) =>
        new(r.GetString(first), r.GetString(first + 1), r.GetString(first + 2), r.IsDBNull(first + 3) ? null : r.GetString(first + 3), r.GetString(first + 4),
            r.GetString(first + 5), r.GetString(first + 6), r.IsDBNull(first + 7) ? null : r.GetString(first + 7), r.GetFieldValue<string[]>(first + 8));

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
