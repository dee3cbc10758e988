using Npgsql;

namespace Drydock.Server.Storage;

/// <summary>Webhook subscribers. Delivery (re-match notifications) is not built yet; subscribers given at start are stored.</summary>
internal static class WebhookStore
{
    public static async Task AddAsync(NpgsqlDataSource source, WebhookSubscription hook, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("INSERT INTO webhooks (url, secret) VALUES ($1, $2) ON CONFLICT (url) DO UPDATE SET secret = EXCLUDED.secret");
        cmd.Parameters.Add(new() { Value = hook.Url.ToString() });
        cmd.Parameters.Add(new() { Value = (object?)hook.Secret ?? DBNull.Value });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
