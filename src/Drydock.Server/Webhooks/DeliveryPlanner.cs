using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Drydock.Server.Webhooks;

/// <summary>
/// Turns a finished re-match's notifications into deliveries: per subscriber, the notifications its filters pass
/// (severity, repository glob, host running the digest), sorted by digest and vulnerability and cut into parts of at
/// most <see cref="ImagesPerPart"/> images and at most the cap of notifications (<c>--webhook-max-notifications</c>),
/// each part one POST with its own idempotency key. An image with more notifications than a part has room for
/// continues in the next part. Runs inside the transaction that finishes the run, and a (subscriber, version, part) is
/// unique, so each notification reaches each subscriber once.
/// Memory is one part, never the run (issue 16: 1.9 M notifications held at once peaked at 1.5 GB): a first pass
/// streams the sorted keys and keeps only where each part starts; each part is then read by its key range (keyset
/// pagination) and written row by row into its body.
/// </summary>
internal static class DeliveryPlanner
{
    public const int ImagesPerPart = 500;
    public const int DefaultMaxNotifications = 10_000;

    // $1 version, $2 subscriber. Repository filters are globs with '*'; LIKE's own wildcards in them are escaped first.
    private const string Passing = """
        FROM webhooks w JOIN notifications n ON n.db_version = $1
        WHERE w.id = $2
          AND (cardinality(w.severities) = 0 OR n.severity = ANY (w.severities))
          AND (cardinality(w.repositories) = 0 OR EXISTS (SELECT 1 FROM unnest(w.repositories) p
               WHERE n.repository LIKE replace(replace(replace(replace(p, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%')))
          AND (cardinality(w.hosts) = 0 OR EXISTS (SELECT 1 FROM containers c WHERE c.image_digest = n.digest AND c.host = ANY (w.hosts)))
        """;

    public static async Task<int> PlanAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string version, int maxNotifications, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNotifications, 1);
        var hooks = new List<long>();
        await using (var list = new NpgsqlCommand("SELECT id FROM webhooks ORDER BY id", conn, tx))
        await using (var r = await list.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) hooks.Add(r.GetInt64(0));
        var deliveries = 0;
        foreach (var hook in hooks)
        {
            var starts = await PartStartsAsync(conn, tx, version, hook, maxNotifications, ct);
            for (var i = 0; i < starts.Count; i++)
            {
                var (body, notifications) = await PartBodyAsync(conn, tx, version, hook, starts[i], i + 1 < starts.Count ? starts[i + 1] : null,
                    i + 1, starts.Count, ct);
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO webhook_deliveries (webhook_id, db_version, part, idempotency_key, body, notifications) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT DO NOTHING
                    """, conn, tx);
                foreach (var v in new object[] { hook, version, i + 1, IdempotencyKey(hook, version, i + 1), body, notifications })
                    insert.Parameters.Add(new() { Value = v });
                deliveries += await insert.ExecuteNonQueryAsync(ct);
            }
        }
        return deliveries;
    }

    /// <summary>Stable for a subscriber, database version and part: a receiver that saw it once can drop a repeat.</summary>
    internal static string IdempotencyKey(long hook, string version, int part) =>
        "ddk-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{hook}\n{version}\n{part}")))[..32];

    /// <summary>The first (digest, vulnerability) of each part, from the sorted keys streamed once; nothing else is kept.</summary>
    private static async Task<List<NotificationKey>> PartStartsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string version, long hook,
        int maxNotifications, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT n.digest, n.vulnerability_id {Passing} ORDER BY n.digest, n.vulnerability_id", conn, tx);
        cmd.Parameters.Add(new() { Value = version });
        cmd.Parameters.Add(new() { Value = hook });
        var starts = new List<NotificationKey>();
        string? digest = null;
        int images = 0, notifications = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var rowDigest = r.GetString(0);
            var newImage = rowDigest != digest;
            if (starts.Count == 0 || notifications == maxNotifications || (newImage && images == ImagesPerPart))
            {
                starts.Add(new NotificationKey(rowDigest, r.GetString(1)));
                (images, notifications) = (0, 0);
                newImage = true;
            }
            if (newImage) images++;
            notifications++;
            digest = rowDigest;
        }
        return starts;
    }

    /// <summary>One part's POST body (docs/server.md "Webhooks"), written as its rows stream in: images by digest, vulnerabilities by id.</summary>
    private static async Task<(byte[] Body, int Notifications)> PartBodyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string version, long hook,
        NotificationKey from, NotificationKey? until, int part, int parts, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            SELECT n.digest, n.repository, n.vulnerability_id, n.severity, n.package_name, n.installed_version, n.fixed_version,
                   coalesce((SELECT array_agg(DISTINCT c.host ORDER BY c.host) FROM containers c WHERE c.image_digest = n.digest), '{"{}"}')
            {Passing}
              AND (n.digest, n.vulnerability_id) >= ($3, $4) {(until is null ? "" : "AND (n.digest, n.vulnerability_id) < ($5, $6)")}
            ORDER BY n.digest, n.vulnerability_id
            """, conn, tx);
        foreach (var v in new object[] { version, hook, from.Digest, from.VulnerabilityId })
            cmd.Parameters.Add(new() { Value = v });
        if (until is not null)
        {
            cmd.Parameters.Add(new() { Value = until.Digest });
            cmd.Parameters.Add(new() { Value = until.VulnerabilityId });
        }
        using var buffer = new MemoryStream();
        var notifications = 0;
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", "vulnerabilities.new");
            w.WriteString("databaseVersion", version);
            w.WriteNumber("part", part);
            w.WriteNumber("parts", parts);
            w.WriteStartArray("images");
            string? digest = null;
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    var rowDigest = r.GetString(0);
                    if (rowDigest != digest)
                    {
                        if (digest is not null) EndImage(w);
                        digest = rowDigest;
                        w.WriteStartObject();
                        w.WriteString("digest", rowDigest);
                        w.WriteString("repository", r.GetString(1));
                        w.WriteStartArray("hosts");
                        foreach (var host in r.GetFieldValue<string[]>(7)) w.WriteStringValue(host);
                        w.WriteEndArray();
                        w.WriteStartArray("vulnerabilities");
                    }
                    w.WriteStartObject();
                    w.WriteString("id", r.GetString(2));
                    w.WriteString("severity", r.GetString(3));
                    w.WriteString("package", r.GetString(4));
                    w.WriteString("installedVersion", r.GetString(5));
                    if (r.IsDBNull(6)) w.WriteNull("fixedVersion");
                    else w.WriteString("fixedVersion", r.GetString(6));
                    w.WriteEndObject();
                    notifications++;
                }
            }
            if (digest is not null) EndImage(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return (buffer.ToArray(), notifications);
    }

    private static void EndImage(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private sealed record NotificationKey(string Digest, string VulnerabilityId);
}
