using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Drydock.Server.Storage;

/// <summary>
/// The history of each host's containers (docs/server.md "History"): what every agent audit said of their freshness
/// (<c>freshness_history</c>) and every container outcome of the <c>host update</c> and <c>host rollback</c> runs agents
/// post (<c>update_history</c>; a rollback is outcome <c>rolledback</c>). Rows are only added; retention removes old ones.
/// </summary>
public sealed class HistoryStore(NpgsqlDataSource source)
{
    /// <summary>One container outcome of a posted run (docs/report-schema.md "host update" → <c>hosts[].containers[]</c>).</summary>
    internal sealed record RunRow(string Host, string Container, string Outcome, string? From, string? To, string? Health, string Message);

    /// <summary>
    /// Reads the start time and container outcomes of a run report; a <see cref="FormatException"/> names the first
    /// field that is missing or of the wrong type.
    /// </summary>
    internal static (DateTimeOffset StartedAt, IReadOnlyList<RunRow> Rows) ParseRun(JsonElement run)
    {
        if (run.ValueKind != JsonValueKind.Object) throw new FormatException("the body is not a run report (a JSON object)");
        var startedText = Text(run, "startedAt", "the report");
        if (!DateTimeOffset.TryParse(startedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var startedAt))
            throw new FormatException($"startedAt '{startedText}' is not a date and time");
        var rows = new List<RunRow>();
        var hostIndex = 0;
        foreach (var h in Items(run, "hosts", "the report"))
        {
            var at = $"hosts[{hostIndex++}]";
            var host = Text(h, "host", at);
            var containerIndex = 0;
            foreach (var c in Items(h, "containers", at))
            {
                var where = $"{at}.containers[{containerIndex++}]";
                rows.Add(new RunRow(host, Text(c, "name", where), Text(c, "outcome", where), Optional(c, "from"), Optional(c, "to"), Optional(c, "health"),
                    Optional(c, "message") ?? ""));
            }
        }
        return (startedAt, rows);
    }

    /// <summary>Adds one freshness row per container of an audit that <see cref="HostStore"/> has accepted.</summary>
    public async Task RecordFreshnessAsync(JsonElement audit, CancellationToken ct)
    {
        await using var batch = source.CreateBatch();
        var index = 0;
        foreach (var c in Items(audit, "containers", "the audit"))
        {
            var at = $"containers[{index++}]";
            var cmd = new NpgsqlBatchCommand("""
                INSERT INTO freshness_history (host, container, image, image_digest, latest_digest, stale, age_days) VALUES ($1, $2, $3, $4, $5, $6, $7)
                """);
            object?[] values = [Text(c, "host", at), Text(c, "name", at), Text(c, "image", at), Optional(c, "imageDigest"), Optional(c, "latestDigest"),
                Flag(c, "stale"), c.TryGetProperty("ageDays", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : null];
            foreach (var v in values) cmd.Parameters.Add(new() { Value = v ?? DBNull.Value });
            batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Records the container outcomes of a run report; returns how many were stored.</summary>
    public async Task<int> RecordRunAsync(JsonElement run, CancellationToken ct)
    {
        var (startedAt, rows) = ParseRun(run);
        await using var batch = source.CreateBatch();
        foreach (var r in rows)
        {
            var cmd = new NpgsqlBatchCommand("""
                INSERT INTO update_history (host, container, outcome, from_image, to_image, health, message, run_started_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """);
            foreach (var v in new object?[] { r.Host, r.Container, r.Outcome, r.From, r.To, r.Health, r.Message, startedAt.ToUniversalTime() })
                cmd.Parameters.Add(new() { Value = v ?? DBNull.Value });
            batch.BatchCommands.Add(cmd);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
        return rows.Count;
    }

    private static IEnumerable<JsonElement> Items(JsonElement e, string name, string at) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray() : throw new FormatException($"{at}: '{name}' is missing or not an array");

    private static string Text(JsonElement e, string name, string at) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()! : throw new FormatException($"{at}: '{name}' is missing or not a string");

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool? Flag(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
