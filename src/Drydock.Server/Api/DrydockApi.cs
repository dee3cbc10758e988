using System.Globalization;
using System.Text.Json;
using Drydock.Server.Hosting;
using Drydock.Server.Queue;
using Drydock.Server.Scanning;
using Drydock.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Drydock.Server.Api;

/// <summary>Drydock's own API under <c>/api/v1</c> (docs/server.md "API"); every error is problem+json.</summary>
internal static class DrydockApi
{
    public static void Map(IEndpointRouteBuilder app, ServerServices s)
    {
        app.MapPost("/api/v1/scans", context => SubmitAsync(context, s));
        app.MapGet("/api/v1/scans/{id}", context => StatusAsync(context, s));
        app.MapGet("/api/v1/scans/{id}/report", context => ReportAsync(context, s));
        app.MapGet("/api/v1/vulnerabilities/{id}/affected", context => AffectedAsync(context, s));
        app.MapPost("/api/v1/agents/audits", context => AuditAsync(context, s));
        app.MapPost("/api/v1/tokens", context => CreateTokenAsync(context, s));
        app.MapGet("/api/v1/openapi.json", OpenApiDocument.WriteAsync);
        app.MapGet("/healthz", context => context.Response.WriteAsync("ok\n", context.RequestAborted));
    }

    private static async Task SubmitAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Scan)) return;
        if (await Problems.ReadJsonAsync(context, ServerJsonContext.Default.ScanSubmission) is not { } body) return;
        if (string.IsNullOrWhiteSpace(body.Reference))
        {
            await Problems.BadRequest(context, "'reference' is required: the registry image to scan, e.g. registry.example.com/team/app:1.2");
            return;
        }
        var reference = body.Reference.Trim();
        if (!ScanRunner.TryParse(reference, out _, out var error))
        {
            await Problems.BadRequest(context, $"'reference' is not an image reference: {error}");
            return;
        }
        var id = await s.Queue.EnqueueAsync(JobKinds.Scan, reference, null, context.RequestAborted);
        var job = await s.Queue.GetAsync(id, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers.Location = $"/api/v1/scans/{id}";
        await JsonSerializer.SerializeAsync(context.Response.Body, Resource(job!), ServerJsonContext.Default.ScanResource, context.RequestAborted);
    }

    /// <summary>The job the route's <c>{id}</c> names; writes 400/404 and returns null when there is none.</summary>
    internal static async Task<JobStatus?> JobOfAsync(HttpContext context, ServerServices s)
    {
        if (!long.TryParse(context.Request.RouteValues["id"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await Problems.BadRequest(context, "the scan id is a positive integer");
            return null;
        }
        var job = await s.Queue.GetAsync(id, context.RequestAborted);
        if (job is null || job.Kind != JobKinds.Scan) await Problems.NotFound(context, $"there is no scan {id}");
        return job?.Kind == JobKinds.Scan ? job : null;
    }

    private static async Task StatusAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Read)) return;
        if (await JobOfAsync(context, s) is not { } job) return;
        await JsonSerializer.SerializeAsync(context.Response.Body, Resource(job), ServerJsonContext.Default.ScanResource, context.RequestAborted);
    }

    private static async Task ReportAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Read)) return;
        var format = context.Request.Query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : ReportFormats.Json;
        if (!ReportFormats.All.Contains(format))
        {
            await Problems.BadRequest(context, $"unknown report format '{format}': expected one of {string.Join(", ", ReportFormats.All)}");
            return;
        }
        if (await JobOfAsync(context, s) is not { } job) return;
        if (job.State != "done" || job.Digest is null || job.DatabaseVersion is null)
        {
            var detail = job.State == "failed" ? $"scan {job.Id} failed: {job.Error}" : $"scan {job.Id} is {job.State}; poll GET /api/v1/scans/{job.Id} until it is done";
            await Problems.WriteAsync(context, StatusCodes.Status409Conflict, "Report not available", detail);
            return;
        }
        var bytes = await s.Results.ReportAsync(job.Digest, job.DatabaseVersion, format, context.RequestAborted);
        if (bytes is null)
        {
            await Problems.WriteAsync(context, StatusCodes.Status410Gone, "Report removed", $"the result of scan {job.Id} was removed by retention; submit the scan again");
            return;
        }
        context.Response.ContentType = ReportFormats.ContentType(format);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static async Task AffectedAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Read)) return;
        var id = (context.Request.RouteValues["id"] as string ?? "").Trim();
        if (id.Length is 0 or > 200)
        {
            await Problems.BadRequest(context, "the vulnerability id is empty or longer than 200 characters");
            return;
        }
        var affected = await s.Results.AffectedAsync(id, context.RequestAborted);
        await JsonSerializer.SerializeAsync(context.Response.Body, affected, ServerJsonContext.Default.AffectedResponse, context.RequestAborted);
    }

    private static async Task AuditAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Agent)) return;
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException e)
        {
            await Problems.BadRequest(context, $"the request body is not valid JSON: {e.Message}");
            return;
        }
        using (document)
        {
            try
            {
                var (hosts, containers) = await s.Hosts.RecordAsync(document.RootElement, context.RequestAborted);
                await s.History.RecordFreshnessAsync(document.RootElement, context.RequestAborted);
                s.Log.Write($"agent audit: {containers} containers on {string.Join(", ", hosts)}");
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                await JsonSerializer.SerializeAsync(context.Response.Body, new AuditAccepted(hosts, containers), ServerJsonContext.Default.AuditAccepted, context.RequestAborted);
            }
            catch (FormatException e)
            {
                await Problems.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, "Not a host audit", $"the body is not a 'drydock host audit --format json' report: {e.Message}");
            }
        }
    }

    private static async Task CreateTokenAsync(HttpContext context, ServerServices s)
    {
        if (!await s.Auth.AuthorizeAsync(context, TokenScopes.Admin)) return;
        if (await Problems.ReadJsonAsync(context, ServerJsonContext.Default.TokenRequest) is not { } body) return;
        var scopes = (body.Scopes ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var unknown = scopes.Where(x => !TokenScopes.All.Contains(x)).ToList();
        if (scopes.Count == 0 || unknown.Count > 0)
        {
            await Problems.BadRequest(context, $"'scopes' must list one or more of {string.Join(", ", TokenScopes.All)}" + (unknown.Count > 0 ? $" (unknown: {string.Join(", ", unknown)})" : ""));
            return;
        }
        var name = string.IsNullOrWhiteSpace(body.Name) ? "unnamed" : body.Name.Trim();
        var token = TokenStore.NewToken();
        await s.Tokens.AddAsync(name, token, scopes, context.RequestAborted);
        s.Log.Write($"token '{name}' created with scopes {string.Join(",", scopes)}");
        context.Response.StatusCode = StatusCodes.Status201Created;
        await JsonSerializer.SerializeAsync(context.Response.Body, new TokenResponse(name, token, scopes), ServerJsonContext.Default.TokenResponse, context.RequestAborted);
    }

    private static ScanResource Resource(JobStatus job) =>
        new(job.Id, job.Reference, job.State, job.Attempts, job.Error, job.Digest, job.DatabaseVersion, job.CreatedAt, job.FinishedAt,
            job.State == "done" ? $"/api/v1/scans/{job.Id}/report" : null);
}
