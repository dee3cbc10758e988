using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Drydock.Server.Storage;

/// <summary>
/// Hosts and their containers as agents report them (<c>drydock host audit --report-to</c>, the audit JSON of
/// docs/report-schema.md "host audit"). Each audit replaces what the server knew of the hosts it names.
/// </summary>
public sealed class HostStore(NpgsqlDataSource source)
{
    /// <summary>One container row taken from an audit.</summary>
    internal sealed record ContainerRow(string Host, string Id, string Name, string Image, string ImageId, string? ImageDigest, bool? Stale, bool Running);

    /// <summary>
    /// Reads the hosts and containers of an audit document; a <see cref="FormatException"/> names the first field that is
    /// missing or of the wrong type.
    /// </summary>
    internal static (IReadOnlyList<string> Hosts, IReadOnlyList<ContainerRow> Containers) Parse(JsonElement audit)
    {
        if (audit.ValueKind != JsonValueKind.Object) throw new FormatException("the body is not a host audit (a JSON object)");
        var hosts = Array("hosts").Select((h, i) => Text(h, "host", $"hosts[{i}]")).ToList();
        var containers = Array("containers").Select((c, i) =>
        {
            var at = $"containers[{i}]";
            var digest = c.TryGetProperty("imageDigest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            // The audit gives repo@sha256:…; the server keys images by the bare manifest digest.
            if (digest is not null && digest.LastIndexOf('@') is var atSign and >= 0) digest = digest[(atSign + 1)..];
            var stale = c.TryGetProperty("stale", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : (bool?)null;
            var running = c.TryGetProperty("running", out var r) && r.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? r.GetBoolean() : throw new FormatException($"{at}.running is missing or not a boolean");
            return new ContainerRow(Text(c, "host", at), Text(c, "id", at), Text(c, "name", at), Text(c, "image", at), Text(c, "imageId", at), digest, stale, running);
        }).ToList();
        foreach (var c in containers)
            if (!hosts.Contains(c.Host)) throw new FormatException($"container {c.Name} names host '{c.Host}', which is not in hosts");
        return (hosts, containers);

        IEnumerable<JsonElement> Array(string name) =>
            audit.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : throw new FormatException($"'{name}' is missing or not an array");
        static string Text(JsonElement e, string name, string at) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"{at}.{name} is missing or not a string");
    }

    /// <summary>Replaces the hosts an audit names and their containers; returns the number of containers stored.</summary>
    public async Task<(IReadOnlyList<string> Hosts, int Containers)> RecordAsync(JsonElement audit, CancellationToken ct)
    {
        var (hosts, containers) = Parse(audit);
        var raw = audit.GetRawText();
        await using var conn = await source.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx);
        foreach (var host in hosts)
        {
            var upsert = new NpgsqlBatchCommand("""
                INSERT INTO hosts (name, last_audit_at, audit) VALUES ($1, now(), $2)
                ON CONFLICT (name) DO UPDATE SET last_audit_at = now(), audit = EXCLUDED.audit
                """);
            upsert.Parameters.Add(new() { Value = host });
            upsert.Parameters.Add(new() { Value = raw, NpgsqlDbType = NpgsqlDbType.Jsonb });
            batch.BatchCommands.Add(upsert);
            var clear = new NpgsqlBatchCommand("DELETE FROM containers WHERE host = $1");
            clear.Parameters.Add(new() { Value = host });
            batch.BatchCommands.Add(clear);
        }
        foreach (var c in containers)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO containers (host, container_id, name, image, image_id, image_digest, stale, running) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (host, container_id) DO NOTHING
                """);
            foreach (var v in new object?[] { c.Host, c.Id, c.Name, c.Image, c.ImageId, c.ImageDigest, c.Stale, c.Running }) insert.Parameters.Add(new() { Value = v ?? DBNull.Value });
            batch.BatchCommands.Add(insert);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return (hosts, containers.Count);
    }
}
