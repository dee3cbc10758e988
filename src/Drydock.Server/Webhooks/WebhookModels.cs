using System.Text.Json.Serialization;

namespace Drydock.Server.Webhooks;

/// <summary>What a subscriber is sent: empty lists pass everything.</summary>
public sealed record WebhookFilters(IReadOnlyList<string> Severities, IReadOnlyList<string> Repositories, IReadOnlyList<string> Hosts)
{
    public static WebhookFilters None { get; } = new([], [], []);
}

/// <summary><c>POST /api/v1/webhooks</c>: the subscriber's URL, optional HMAC key and filters.</summary>
public sealed record WebhookRequest(string? Url, string? Secret, IReadOnlyList<string>? Severities, IReadOnlyList<string>? Repositories, IReadOnlyList<string>? Hosts);

/// <summary>A subscriber as the API shows it (never its secret).</summary>
public sealed record WebhookResource(long Id, string Url, bool Signed, IReadOnlyList<string> Severities, IReadOnlyList<string> Repositories,
    IReadOnlyList<string> Hosts, DateTimeOffset CreatedAt);

/// <summary>One delivery's receipt: its state (pending, delivered, failed), attempts made, the last HTTP status or error.</summary>
public sealed record DeliveryReceipt(long Id, string DatabaseVersion, int Part, string IdempotencyKey, int Notifications, string State, int Attempts,
    int? LastStatus, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WebhookRequest))]
[JsonSerializable(typeof(IReadOnlyList<WebhookResource>))]
[JsonSerializable(typeof(WebhookResource))]
[JsonSerializable(typeof(IReadOnlyList<DeliveryReceipt>))]
[JsonSerializable(typeof(IReadOnlyList<Rematch.RematchRun>))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
