using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Drydock.Server.Webhooks;

/// <summary>
/// Turns a finished re-match's notifications into deliveries: per subscriber, the notifications its filters pass
/// (severity, repository glob, host running the digest), grouped per digest, in parts of at most
/// <see cref="ImagesPerPart"/> images, each part one POST with its own idempotency key. Runs inside the transaction that
/// finishes the run, and a (subscriber, version, part) is unique, so each notification reaches each subscriber once.
/// </summary>
internal static class DeliveryPlanner
{
    public const int ImagesPerPart = 500;

    public static async Task<int> PlanAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string version, CancellationToken ct)
    {
        // Repository filters are globs with '*'; LIKE's own wildcards in them are escaped first.
        await using var cmd = new NpgsqlCommand("""
            SELECT w.id, n.digest, n.repository, n.vulnerability_id, n.severity, n.package_name, n.installed_version, n.fixed_version,
                   coalesce((SELECT array_agg(DISTINCT c.host ORDER BY c.host) FROM containers c WHERE c.image_digest = n.digest), '{}')
            FROM webhooks w JOIN notifications n ON n.db_version = $1
            WHERE (cardinality(w.severities) = 0 OR n.severity = ANY (w.severities))
              AND (cardinality(w.repositories) = 0 OR EXISTS (SELECT 1 FROM unnest(w.repositories) p
                   WHERE n.repository LIKE replace(replace(replace(replace(p, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%')))
              AND (cardinality(w.hosts) = 0 OR EXISTS (SELECT 1 FROM containers c WHERE c.image_digest = n.digest AND c.host = ANY (w.hosts)))
            ORDER BY w.id, n.digest, n.vulnerability_id
            """, conn, tx);
        cmd.Parameters.Add(new() { Value = version });
        var perHook = new SortedDictionary<long, List<NotifiedImage>>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var images = perHook.TryGetValue(r.GetInt64(0), out var list) ? list : perHook[r.GetInt64(0)] = [];
                var digest = r.GetString(1);
                if (images.Count == 0 || images[^1].Digest != digest)
                    images.Add(new NotifiedImage(digest, r.GetString(2), r.GetFieldValue<string[]>(8), []));
                images[^1].Vulnerabilities.Add(new NotifiedVulnerability(r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)));
            }
        }
        var deliveries = 0;
        foreach (var (hook, images) in perHook)
        {
            var parts = images.Chunk(ImagesPerPart).ToList();
            for (var i = 0; i < parts.Count; i++)
            {
                var body = Body(version, i + 1, parts.Count, parts[i]);
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO webhook_deliveries (webhook_id, db_version, part, idempotency_key, body, notifications) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT DO NOTHING
                    """, conn, tx);
                foreach (var v in new object[] { hook, version, i + 1, IdempotencyKey(hook, version, i + 1), body, parts[i].Sum(x => x.Vulnerabilities.Count) })
                    insert.Parameters.Add(new() { Value = v });
                deliveries += await insert.ExecuteNonQueryAsync(ct);
            }
        }
        return deliveries;
    }

    /// <summary>Stable for a subscriber, database version and part: a receiver that saw it once can drop a repeat.</summary>
    internal static string IdempotencyKey(long hook, string version, int part) =>
        "ddk-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{hook}\n{version}\n{part}")))[..32];

    /// <summary>The POST body (docs/server.md "Webhooks"): images sorted by digest, vulnerabilities by id.</summary>
    internal static byte[] Body(string version, int part, int parts, IEnumerable<NotifiedImage> images)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", "vulnerabilities.new");
            w.WriteString("databaseVersion", version);
            w.WriteNumber("part", part);
            w.WriteNumber("parts", parts);
            w.WriteStartArray("images");
            foreach (var image in images)
            {
                w.WriteStartObject();
                w.WriteString("digest", image.Digest);
                w.WriteString("repository", image.Repository);
                w.WriteStartArray("hosts");
                foreach (var host in image.Hosts) w.WriteStringValue(host);
                w.WriteEndArray();
                w.WriteStartArray("vulnerabilities");
                foreach (var v in image.Vulnerabilities)
                {
                    w.WriteStartObject();
                    w.WriteString("id", v.Id);
                    w.WriteString("severity", v.Severity);
                    w.WriteString("package", v.Package);
                    w.WriteString("installedVersion", v.InstalledVersion);
                    if (v.FixedVersion is null) w.WriteNull("fixedVersion");
                    else w.WriteString("fixedVersion", v.FixedVersion);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

internal sealed record NotifiedImage(string Digest, string Repository, IReadOnlyList<string> Hosts, List<NotifiedVulnerability> Vulnerabilities);

internal sealed record NotifiedVulnerability(string Id, string Severity, string Package, string InstalledVersion, string? FixedVersion);
