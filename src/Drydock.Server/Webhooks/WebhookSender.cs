using System.Net.Http.Headers;
using System.Security.Cryptography;
using Drydock.Server.Queue;
using Npgsql;

namespace Drydock.Server.Webhooks;

/// <summary>
/// Posts due deliveries to their subscribers. A delivery is claimed with <c>FOR UPDATE SKIP LOCKED</c> and a lease (any
/// number of server processes send, none twice at once); a 2xx answer delivers it; anything else is retried after
/// <c>backoff × 2^(attempt−1)</c> (the schedule is in PostgreSQL, so it survives a restart) until
/// <see cref="MaxAttempts"/>, then it is failed. Each POST carries the body's HMAC-SHA256 under the subscriber's secret
/// (<c>X-Drydock-Signature: sha256=HEX</c>) and the delivery's <c>Idempotency-Key</c>, the same on every attempt.
/// </summary>
internal sealed class WebhookSender(NpgsqlDataSource source, HttpClient http, string worker, TimeSpan backoff, ServerLog log)
{
    public const int MaxAttempts = 8;
    public const string SignatureHeader = "X-Drydock-Signature";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await SendOneAsync(ct)) await Task.Delay(IdlePoll, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (NpgsqlException e)
            {
                log.Write($"webhooks: {e.Message}");
                await Task.Delay(IdlePoll * 8, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Sends one due delivery; false when none was due.</summary>
    private async Task<bool> SendOneAsync(CancellationToken ct)
    {
        await using var claim = source.CreateCommand("""
            UPDATE webhook_deliveries d SET lease_owner = $1, lease_until = now() + $2, attempts = d.attempts + 1
            FROM webhooks w
            WHERE w.id = d.webhook_id AND d.id = (SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= now()
                  AND (lease_until IS NULL OR lease_until < now()) ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING d.id, d.idempotency_key, d.body, d.attempts, w.url, w.secret
            """);
        claim.Parameters.Add(new() { Value = worker });
        claim.Parameters.Add(new() { Value = Lease });
        long id;
        string key, url;
        byte[] body;
        int attempt;
        string? secret;
        await using (var r = await claim.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return false;
            (id, key, body, attempt, url, secret) = (r.GetInt64(0), r.GetString(1), r.GetFieldValue<byte[]>(2), r.GetInt32(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5));
        }
        var (status, error) = await PostAsync(url, key, id, attempt, body, secret, ct);
        var delivered = status is >= 200 and < 300;
        var delay = backoff * Math.Pow(2, attempt - 1);
        await using var record = source.CreateCommand("""
            UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL, last_status = $3, last_error = $4,
                state = CASE WHEN $5 THEN 'delivered' WHEN attempts >= $6 THEN 'failed' ELSE 'pending' END,
                delivered_at = CASE WHEN $5 THEN now() END, next_attempt_at = now() + $7
            WHERE id = $1 AND lease_owner = $2
            """);
        record.Parameters.Add(new() { Value = id });
        record.Parameters.Add(new() { Value = worker });
        record.Parameters.Add(new() { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        record.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        record.Parameters.Add(new() { Value = delivered });
        record.Parameters.Add(new() { Value = MaxAttempts });
        record.Parameters.Add(new() { Value = delay });
        await record.ExecuteNonQueryAsync(CancellationToken.None);
        log.Write(delivered
            ? $"webhook delivery {id} to {url}: delivered (attempt {attempt})"
            : $"webhook delivery {id} to {url}: attempt {attempt} failed: {error}" + (attempt >= MaxAttempts ? "; giving up" : $"; next in {delay.TotalSeconds:0.#}s"));
        return true;
    }

    private async Task<(int? Status, string? Error)> PostAsync(string url, string key, long id, int attempt, byte[] body, string? secret, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Add("X-Drydock-Delivery", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Drydock-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (secret is not null) request.Headers.Add(SignatureHeader, Sign(secret, body));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return (status, response.IsSuccessStatusCode ? null : $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (null, e is TaskCanceledException ? "timed out" : e.Message);
        }
    }

    /// <summary>The signature header's value: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));
}
