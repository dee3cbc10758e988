using System.Text.Json;
using Npgsql;

namespace Drydock.Server.Dashboard;

/// <summary>
/// The dashboard's two read models (docs/server.md "Dashboard"), written straight to JSON with <see cref="Utf8JsonWriter"/>
/// (AOT): hosts with their containers (stale, pinned, last update or rollback) and recent history, and images with
/// their newest result's findings by severity and control verdicts. Everything is sorted, so equal state gives equal bytes.
/// </summary>
internal sealed class DashboardQueries(NpgsqlDataSource source)
{
    /// <summary>How many history rows per host the hosts view carries (the newest).</summary>
    public const int HistoryRows = 50;

    private static readonly string[] Severities = ["critical", "high", "medium", "low", "unknown"];

    public async Task WriteHostsAsync(Utf8JsonWriter w, CancellationToken ct)
    {
        await using var conn = await source.OpenConnectionAsync(ct);
        w.WriteStartObject();
        w.WriteStartArray("hosts");
        // The pin is what the agent's audit said (containers[].pin); the last update is the newest posted run outcome.
        await using (var cmd = new NpgsqlCommand("""
            SELECT h.name, h.last_audit_at, c.name, c.image, c.image_digest, c.stale, c.running,
                   (SELECT (e->'pin'->>'pinned')::boolean FROM jsonb_array_elements(h.audit->'containers') e
                    WHERE e->>'host' = c.host AND e->>'id' = c.container_id LIMIT 1),
                   u.outcome, u.run_started_at, u.message
            FROM hosts h
            LEFT JOIN containers c ON c.host = h.name
            LEFT JOIN LATERAL (SELECT outcome, run_started_at, message FROM update_history
                               WHERE host = c.host AND container = c.name ORDER BY run_started_at DESC, id DESC LIMIT 1) u ON true
            ORDER BY h.name, c.name
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            string? current = null;
            while (await r.ReadAsync(ct))
            {
                var host = r.GetString(0);
                if (host != current)
                {
                    if (current is not null) EndHost(w);
                    current = host;
                    w.WriteStartObject();
                    w.WriteString("name", host);
                    w.WriteString("lastAuditAt", r.GetFieldValue<DateTimeOffset>(1));
                    w.WriteStartArray("containers");
                }
                if (r.IsDBNull(2)) continue;
                w.WriteStartObject();
                w.WriteString("name", r.GetString(2));
                w.WriteString("image", r.GetString(3));
                WriteNullable(w, "imageDigest", r, 4);
                WriteNullable(w, "stale", r, 5);
                w.WriteBoolean("running", r.GetBoolean(6));
                w.WriteBoolean("pinned", !r.IsDBNull(7) && r.GetBoolean(7));
                if (r.IsDBNull(8))
                {
                    w.WriteNull("lastUpdate");
                }
                else
                {
                    w.WriteStartObject("lastUpdate");
                    w.WriteString("outcome", r.GetString(8));
                    w.WriteString("at", r.GetFieldValue<DateTimeOffset>(9));
                    w.WriteString("message", r.GetString(10));
                    w.WriteEndObject();
                }
                w.WriteBoolean("rolledBack", !r.IsDBNull(8) && r.GetString(8) == "rolledback");
                w.WriteEndObject();
            }
            if (current is not null) EndHost(w);
        }
        w.WriteEndArray();
        await WriteUpdatesAsync(w, conn, ct);
        await WriteFreshnessAsync(w, conn, ct);
        w.WriteEndObject();

        static void EndHost(Utf8JsonWriter w)
        {
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    private static async Task WriteUpdatesAsync(Utf8JsonWriter w, NpgsqlConnection conn, CancellationToken ct)
    {
        w.WriteStartArray("updates");
        await using var cmd = new NpgsqlCommand("""
            SELECT host, container, outcome, from_image, to_image, health, message, run_started_at FROM (
                SELECT *, row_number() OVER (PARTITION BY host ORDER BY run_started_at DESC, id DESC) AS rank FROM update_history) u
            WHERE rank <= $1 ORDER BY host, run_started_at DESC, id DESC
            """, conn);
        cmd.Parameters.Add(new() { Value = HistoryRows });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            w.WriteStartObject();
            w.WriteString("host", r.GetString(0));
            w.WriteString("container", r.GetString(1));
            w.WriteString("outcome", r.GetString(2));
            WriteNullable(w, "from", r, 3);
            WriteNullable(w, "to", r, 4);
            WriteNullable(w, "health", r, 5);
            w.WriteString("message", r.GetString(6));
            w.WriteString("runStartedAt", r.GetFieldValue<DateTimeOffset>(7));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static async Task WriteFreshnessAsync(Utf8JsonWriter w, NpgsqlConnection conn, CancellationToken ct)
    {
        w.WriteStartArray("freshness");
        await using var cmd = new NpgsqlCommand("""
            SELECT host, container, image, image_digest, latest_digest, stale, age_days, observed_at FROM (
                SELECT *, row_number() OVER (PARTITION BY host ORDER BY observed_at DESC, id DESC) AS rank FROM freshness_history) f
            WHERE rank <= $1 ORDER BY host, observed_at DESC, id DESC
            """, conn);
        cmd.Parameters.Add(new() { Value = HistoryRows });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            w.WriteStartObject();
            w.WriteString("host", r.GetString(0));
            w.WriteString("container", r.GetString(1));
            w.WriteString("image", r.GetString(2));
            WriteNullable(w, "imageDigest", r, 3);
            WriteNullable(w, "latestDigest", r, 4);
            WriteNullable(w, "stale", r, 5);
            WriteNullable(w, "ageDays", r, 6);
            w.WriteString("observedAt", r.GetFieldValue<DateTimeOffset>(7));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public async Task WriteImagesAsync(Utf8JsonWriter w, CancellationToken ct)
    {
        await using var conn = await source.OpenConnectionAsync(ct);
        const string Newest = "WITH newest AS (SELECT DISTINCT ON (digest) digest, db_version, scanned_at FROM scan_results ORDER BY digest, scanned_at DESC) ";
        var counts = new Dictionary<(string, string), long>();
        await using (var cmd = new NpgsqlCommand(Newest + """
            SELECT f.digest, lower(f.severity), count(*) FROM findings f JOIN newest n ON n.digest = f.digest AND n.db_version = f.db_version GROUP BY 1, 2
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) counts[(r.GetString(0), r.GetString(1))] = r.GetInt64(2);
        var verdicts = new Dictionary<string, List<(string Id, string Outcome, string Summary)>>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(Newest + """
            SELECT v.digest, v.control_id, v.outcome, v.summary FROM control_verdicts v JOIN newest n ON n.digest = v.digest AND n.db_version = v.db_version
            ORDER BY v.digest, v.control_id
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                if (!verdicts.TryGetValue(r.GetString(0), out var list)) verdicts[r.GetString(0)] = list = [];
                list.Add((r.GetString(1), r.GetString(2), r.GetString(3)));
            }
        w.WriteStartObject();
        w.WriteStartArray("images");
        await using (var cmd = new NpgsqlCommand(Newest + """
            SELECT i.digest, i.repository, i.os, i.package_count, n.db_version, n.scanned_at,
                   (SELECT count(*) FROM containers c WHERE c.image_digest = i.digest)
            FROM images i JOIN newest n ON n.digest = i.digest ORDER BY i.repository, i.digest
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var digest = r.GetString(0);
                w.WriteStartObject();
                w.WriteString("digest", digest);
                w.WriteString("repository", r.GetString(1));
                WriteNullable(w, "os", r, 2);
                w.WriteNumber("packages", r.GetInt32(3));
                w.WriteString("databaseVersion", r.GetString(4));
                w.WriteString("scannedAt", r.GetFieldValue<DateTimeOffset>(5));
                w.WriteNumber("containers", r.GetInt64(6));
                w.WriteStartObject("findings");
                foreach (var severity in Severities) w.WriteNumber(severity, counts.GetValueOrDefault((digest, severity)));
                w.WriteEndObject();
                w.WriteStartArray("verdicts");
                foreach (var (id, outcome, summary) in verdicts.GetValueOrDefault(digest) ?? [])
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteString("outcome", outcome);
                    w.WriteString("summary", summary);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, NpgsqlDataReader r, int column)
    {
        if (r.IsDBNull(column)) w.WriteNull(name);
        else if (r.GetFieldType(column) == typeof(bool)) w.WriteBoolean(name, r.GetBoolean(column));
        else if (r.GetFieldType(column) == typeof(int)) w.WriteNumber(name, r.GetInt32(column));
        else w.WriteString(name, r.GetString(column));
    }
}
