using Drydock.Server.Webhooks;
using Npgsql;

namespace Drydock.Server.Storage;

/// <summary>Webhook subscribers (given at start with <c>--webhook</c> or through the admin API) and their delivery receipts.</summary>
internal static class WebhookStore
{
    /// <summary>Adds a subscriber, or updates the secret and filters of the one with that URL; returns its id.</summary>
    public static async Task<long> AddAsync(NpgsqlDataSource source, WebhookSubscription hook, CancellationToken ct, WebhookFilters? filters = null)
    {
        filters ??= WebhookFilters.None;
        await using var cmd = source.CreateCommand("""
            INSERT INTO webhooks (url, secret, severities, repositories, hosts) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (url) DO UPDATE SET secret = EXCLUDED.secret, severities = EXCLUDED.severities, repositories = EXCLUDED.repositories, hosts = EXCLUDED.hosts
            RETURNING id
            """);
        cmd.Parameters.Add(new() { Value = hook.Url.ToString() });
        cmd.Parameters.Add(new() { Value = (object?)hook.Secret ?? DBNull.Value });
        cmd.Parameters.Add(new() { Value = filters.Severities.ToArray() });
        cmd.Parameters.Add(new() { Value = filters.Repositories.ToArray() });
        cmd.Parameters.Add(new() { Value = filters.Hosts.ToArray() });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public static async Task<IReadOnlyList<WebhookResource>> ListAsync(NpgsqlDataSource source, long? id, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            SELECT id, url, secret IS NOT NULL, severities, repositories, hosts, created_at FROM webhooks WHERE $1::bigint IS NULL OR id = $1 ORDER BY id
            """);
        cmd.Parameters.Add(new() { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        var list = new List<WebhookResource>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new WebhookResource(r.GetInt64(0), r.GetString(1), r.GetBoolean(2), r.GetFieldValue<string[]>(3), r.GetFieldValue<string[]>(4),
                r.GetFieldValue<string[]>(5), r.GetFieldValue<DateTimeOffset>(6)));
        return list;
    }

    /// <summary>Removes a subscriber and its receipts; false when there was none.</summary>
    public static async Task<bool> DeleteAsync(NpgsqlDataSource source, long id, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("DELETE FROM webhooks WHERE id = $1");
        cmd.Parameters.Add(new() { Value = id });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>A subscriber's delivery receipts, newest first.</summary>
    public static async Task<IReadOnlyList<DeliveryReceipt>> ReceiptsAsync(NpgsqlDataSource source, long id, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("""
            SELECT id, db_version, part, idempotency_key, notifications, state, attempts, last_status, last_error, created_at, next_attempt_at, delivered_at
            FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC
            """);
        cmd.Parameters.Add(new() { Value = id });
        var list = new List<DeliveryReceipt>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var state = r.GetString(5);
            list.Add(new DeliveryReceipt(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetInt32(4), state, r.GetInt32(6),
                r.IsDBNull(7) ? null : r.GetInt32(7), r.IsDBNull(8) ? null : r.GetString(8), r.GetFieldValue<DateTimeOffset>(9),
                state == "pending" ? r.GetFieldValue<DateTimeOffset>(10) : null, r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11)));
        }
        return list;
    }
}
