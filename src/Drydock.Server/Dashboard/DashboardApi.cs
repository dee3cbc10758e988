using System.Text.Json;
using Drydock.Server.Api;
using Drydock.Server.Hosting;
using Drydock.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Drydock.Server.Dashboard;

/// <summary>
/// The web dashboard (docs/server.md "Dashboard"): static pages embedded in the assembly under <c>/dashboard/</c>
/// (they hold no data, so they need no token), the two read models it shows (scope <c>read</c>), and the endpoint
/// agents post update and rollback runs to (scope <c>agent</c>).
/// </summary>
internal static class DashboardApi
{
    public const string RunsPath = "/api/v1/agents/runs";

    public static void Map(IEndpointRouteBuilder app, ServerServices s)
    {
        var queries = new DashboardQueries(s.Source);
        // Routing matches /dashboard and /dashboard/ alike; only the bare one is sent on to the folder's page.
        app.MapGet("/dashboard/{file?}", context =>
        {
            if (context.Request.Path.Value != "/dashboard") return DashboardFiles.WriteAsync(context);
            context.Response.Redirect("/dashboard/");
            return Task.CompletedTask;
        });
        app.MapGet("/api/v1/dashboard/hosts", context => ReadAsync(context, s, queries.WriteHostsAsync));
        app.MapGet("/api/v1/dashboard/images", context => ReadAsync(context, s, queries.WriteImagesAsync));
        app.MapPost(RunsPath, context => RunAsync(context, s));
    }

    private static async Task ReadAsync(HttpContext context, ServerServices s, Func<Utf8JsonWriter, CancellationToken, Task> write)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Read)) return;
        using var buffer = new MemoryStream();
        await using (var w = new Utf8JsonWriter(buffer))
            await write(w, context.RequestAborted);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    private static async Task RunAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Agent)) return;
        using var document = await ParseAsync(context);
        if (document is null) return;
        try
        {
            var stored = await s.History.RecordRunAsync(document.RootElement, context.RequestAborted);
            s.Log.Write($"agent run: {stored} container outcome(s) recorded");
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.ContentType = "application/json";
            await using var w = new Utf8JsonWriter(context.Response.Body);
            w.WriteStartObject();
            w.WriteNumber("containers", stored);
            w.WriteEndObject();
        }
        catch (FormatException e)
        {
            await Problems.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, "Not a run report",
                $"the body is not a 'drydock host update --format json' (or 'host rollback') report: {e.Message}");
        }
    }

    private static async Task<JsonDocument?> ParseAsync(HttpContext context)
    {
        try
        {
            return await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException e)
        {
            await Problems.BadRequest(context, $"the request body is not valid JSON: {e.Message}");
            return null;
        }
    }
}
