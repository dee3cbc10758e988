using System.Globalization;
using System.Text.Json;
using Drydock.Model;
using Drydock.Server.Api;
using Drydock.Server.Hosting;
using Drydock.Server.Rematch;
using Drydock.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Drydock.Server.Webhooks;

/// <summary>
/// Subscribers and receipts (admin scope) and the re-match runs (read scope), docs/server.md "Webhooks" and "Re-match".
/// </summary>
internal static class WebhookApi
{
    public static void Map(IEndpointRouteBuilder app, ServerServices s)
    {
        app.MapPost("/api/v1/webhooks", context => AddAsync(context, s));
        app.MapGet("/api/v1/webhooks", context => ListAsync(context, s));
        app.MapDelete("/api/v1/webhooks/{id}", context => DeleteAsync(context, s));
        app.MapGet("/api/v1/webhooks/{id}/deliveries", context => ReceiptsAsync(context, s));
        app.MapGet("/api/v1/rematches", context => RunsAsync(context, s));
    }

    private static async Task AddAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Admin)) return;
        if (await Problems.ReadJsonAsync(context, WebhookJsonContext.Default.WebhookRequest) is not { } body) return;
        if (!Uri.TryCreate(body.Url?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            await Problems.BadRequest(context, "'url' is required: the subscriber's absolute http(s) URL");
            return;
        }
        var severities = Clean(body.Severities).Select(x => x.ToUpperInvariant()).ToList();
        if (severities.FirstOrDefault(x => !Enum.TryParse<Severity>(x, ignoreCase: true, out _) || int.TryParse(x, CultureInfo.InvariantCulture, out _)) is { } bad)
        {
            await Problems.BadRequest(context, $"'severities' holds '{bad}': expected any of {string.Join(", ", Enum.GetNames<Severity>().Select(n => n.ToUpperInvariant()))}");
            return;
        }
        var filters = new WebhookFilters(severities, Clean(body.Repositories), Clean(body.Hosts));
        var id = await WebhookStore.AddAsync(s.Database, new WebhookSubscription(url, string.IsNullOrEmpty(body.Secret) ? null : body.Secret), context.RequestAborted, filters);
        s.Log.Write($"webhook {id} subscribed: {url}");
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = $"/api/v1/webhooks/{id}";
        var stored = await WebhookStore.ListAsync(s.Database, id, context.RequestAborted);
        await JsonSerializer.SerializeAsync(context.Response.Body, stored[0], WebhookJsonContext.Default.WebhookResource, context.RequestAborted);
    }

    private static List<string> Clean(IReadOnlyList<string>? values) =>
        [.. (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static async Task ListAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Admin)) return;
        var hooks = await WebhookStore.ListAsync(s.Database, null, context.RequestAborted);
        await JsonSerializer.SerializeAsync(context.Response.Body, hooks, WebhookJsonContext.Default.IReadOnlyListWebhookResource, context.RequestAborted);
    }

    private static async Task DeleteAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Admin)) return;
        if (await IdAsync(context) is not { } id) return;
        if (await WebhookStore.DeleteAsync(s.Database, id, context.RequestAborted)) context.Response.StatusCode = StatusCodes.Status204NoContent;
        else await Problems.NotFound(context, $"there is no webhook {id}");
    }

    private static async Task ReceiptsAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Admin)) return;
        if (await IdAsync(context) is not { } id) return;
        if ((await WebhookStore.ListAsync(s.Database, id, context.RequestAborted)).Count == 0)
        {
            await Problems.NotFound(context, $"there is no webhook {id}");
            return;
        }
        var receipts = await WebhookStore.ReceiptsAsync(s.Database, id, context.RequestAborted);
        await JsonSerializer.SerializeAsync(context.Response.Body, receipts, WebhookJsonContext.Default.IReadOnlyListDeliveryReceipt, context.RequestAborted);
    }

    private static async Task RunsAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Read)) return;
        var runs = await new RematchQueue(s.Database).RunsAsync(context.RequestAborted);
        await JsonSerializer.SerializeAsync(context.Response.Body, runs, WebhookJsonContext.Default.IReadOnlyListRematchRun, context.RequestAborted);
    }

    private static async Task<long?> IdAsync(HttpContext context)
    {
        if (long.TryParse(context.Request.RouteValues["id"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
        await Problems.BadRequest(context, "the webhook id is a positive integer");
        return null;
    }
}
