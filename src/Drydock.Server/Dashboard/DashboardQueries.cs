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

    private static readonly (string Json, string Column)[] UpdateFields =
        [("host", "host"), ("container", "container"), ("outcome", "outcome"), ("from", "from_image"), ("to", "to_image"), ("health", "health"),
         ("message", "message"), ("runStartedAt", "run_started_at")];

    private static readonly (string Json, string Column)[] FreshnessFields =
        [("host", "host"), ("container", "container"), ("image", "image"), ("imageDigest", "image_digest"), ("latestDigest", "latest_digest"),
         ("stale", "stale"), ("ageDays", "age_days"), ("observedAt", "observed_at")];

    private static Task WriteUpdatesAsync(Utf8JsonWriter w, NpgsqlConnection conn, CancellationToken ct) =>
        WriteHistoryAsync(w, conn, "updates", "update_history", "run_started_at", UpdateFields, ct);

    private static Task WriteFreshnessAsync(Utf8JsonWriter w, NpgsqlConnection conn, CancellationToken ct) =>
        WriteHistoryAsync(w, conn, "freshness", "freshness_history", "observed_at", FreshnessFields, ct);

    /// <summary>The newest <see cref="HistoryRows"/> rows per host of a history table, newest first, as an array of objects.</summary>
    private static async Task WriteHistoryAsync(Utf8JsonWriter w, NpgsqlConnection conn, string name, string table, string order,
        (string Json, string Column)[] fields, CancellationToken ct)
    {
        w.WriteStartArray(name);
        await using var cmd = new NpgsqlCommand($"""
            SELECT {string.Join(", ", fields.Select(f => f.Column))} FROM (
                SELECT *, row_number() OVER (PARTITION BY host ORDER BY {order} DESC, id DESC) AS rank FROM {table}) h
            WHERE rank <= $1 ORDER BY host, {order} DESC, id DESC
            """, conn);
        cmd.Parameters.Add(new() { Value = HistoryRows });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            w.WriteStartObject();
            for (var i = 0; i < fields.Length; i++) WriteNullable(w, fields[i].Json, r, i);
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
        else if (r.GetFieldType(column) == typeof(DateTime)) w.WriteString(name, r.GetFieldValue<DateTimeOffset>(column));
        else w.WriteString(name, r.GetString(column));
    }
}
