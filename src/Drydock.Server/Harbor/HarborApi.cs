using System.Globalization;
using System.Text.Json;
using Drydock.Server.Hosting;
using Drydock.Server.Queue;
using Drydock.Server.Scanning;
using Drydock.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;

namespace Drydock.Server.Harbor;

/// <summary>
/// Harbor's Pluggable Scanner API v1.2 under <c>/api/v1</c>: <c>GET /metadata</c>, <c>POST /scan</c> (queues and
/// answers 202 at once), <c>GET /scan/{id}/report</c> (302 with <c>Refresh-After</c> until the job is done).
/// Errors use the spec's <c>ErrorResponse</c>, not problem+json.
/// </summary>
internal static class HarborApi
{
    /// <summary>Seconds Harbor waits before polling again: Harbor reads the header as an int8, so at most 127.</summary>
    internal const int RefreshAfterSeconds = 5;

    public static void Map(IEndpointRouteBuilder app, ServerServices s)
    {
        app.MapGet("/api/v1/metadata", context => MetadataAsync(context, s));
        app.MapPost("/api/v1/scan", context => AcceptAsync(context, s));
        app.MapGet("/api/v1/scan/{id}/report", context => ReportAsync(context, s));
    }

    private static async Task<bool> AuthorizeAsync(HttpContext context, ServerServices s, string scope)
    {
        if (await s.Auth.CheckAsync(context, scope) is not { } failure) return true;
        await ErrorAsync(context, failure.Status, failure.Detail);
        return false;
    }

    private static async Task MetadataAsync(HttpContext context, ServerServices s)
    {
        if (!await AuthorizeAsync(context, s, TokenScopes.Read)) return;
        context.Response.ContentType = HarborMediaTypes.Metadata;
        await using var w = HarborReportWriter.Create(context.Response.Body);
        w.WriteStartObject();
        HarborReportWriter.WriteScanner(w);
        w.WriteStartArray("capabilities");
        WriteCapability(w, "vulnerability", [HarborMediaTypes.VulnerabilityReportHarbor, HarborMediaTypes.VulnerabilityReport11], sbom: false);
        WriteCapability(w, "sbom", [HarborMediaTypes.SbomReport], sbom: true);
        w.WriteEndArray();
        w.WriteStartObject("properties");
        w.WriteString("harbor.scanner-adapter/scanner-type", "os-package-vulnerability");
        if (s.Runner.DatabaseVersion() is var version && DateTimeOffset.TryParse(version, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            w.WriteString("harbor.scanner-adapter/vulnerability-database-updated-at", version);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteCapability(Utf8JsonWriter w, string type, string[] produces, bool sbom)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteStartArray("consumes_mime_types");
        w.WriteStringValue(HarborMediaTypes.OciManifest);
        w.WriteStringValue(HarborMediaTypes.DockerManifest);
        w.WriteEndArray();
        w.WriteStartArray("produces_mime_types");
        foreach (var p in produces) w.WriteStringValue(p);
        w.WriteEndArray();
        if (sbom)
        {
            w.WriteStartObject("additional_attributes");
            w.WriteStartArray("sbom_media_types");
            foreach (var m in HarborMediaTypes.SbomMediaTypes) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static async Task AcceptAsync(HttpContext context, ServerServices s)
    {
        if (!await AuthorizeAsync(context, s, TokenScopes.Scan)) return;
        HarborScanRequest request;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            request = HarborScanRequest.Parse(body.RootElement);
        }
        catch (JsonException e)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, $"the scan request is not valid JSON: {e.Message}");
            return;
        }
        catch (HarborRequestException e)
        {
            await ErrorAsync(context, e.Status, e.Message);
            return;
        }
        if (request.PlainHttp && !s.Options.InsecureRegistries.Contains(request.RegistryHost))
        {
            await ErrorAsync(context, StatusCodes.Status422UnprocessableEntity,
                $"registry.url is plain http, but {request.RegistryHost} is not allowed by the server's --insecure-registry");
            return;
        }
        // A job with credentials is pinned to this process: they live in its memory only.
        var pinned = request.Credential is null ? null : s.Instance;
        var id = await s.Queue.EnqueueAsync(JobKinds.Harbor, request.Reference, pinned, context.RequestAborted, Details(request));
        if (request.Credential is { } credential) s.Vault.Hold(id, credential);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = HarborMediaTypes.ScanResponse;
        await using var w = HarborReportWriter.Create(context.Response.Body);
        w.WriteStartObject();
        w.WriteString("id", id.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private static string Details(HarborScanRequest r)
    {
        using var buffer = new MemoryStream();
        using (var w = HarborReportWriter.Create(buffer))
        {
            w.WriteStartObject();
            w.WriteString("repository", r.Repository);
            w.WriteString("digest", r.Digest);
            if (r.Tag is not null) w.WriteString("tag", r.Tag);
            if (r.MimeType is not null) w.WriteString("mime_type", r.MimeType);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static HarborReportWriter.Artifact ArtifactOf(JobStatus job)
    {
        using var doc = JsonDocument.Parse(job.DetailsJson ?? "{}");
        string? Get(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new HarborReportWriter.Artifact(Get("repository") ?? "", Get("digest") ?? job.Digest ?? "", Get("tag"), Get("mime_type"));
    }

    private static async Task ReportAsync(HttpContext context, ServerServices s)
    {
        if (!await AuthorizeAsync(context, s, TokenScopes.Read)) return;
        var accept = context.Request.Headers.Accept.ToString();
        var wantsSbom = HarborMediaTypes.Same(accept, HarborMediaTypes.SbomReport);
        var vulnerabilityType = accept.Length == 0 || accept.Trim() == "*/*" || HarborMediaTypes.Same(accept, HarborMediaTypes.VulnerabilityReport11) ? HarborMediaTypes.VulnerabilityReport11
            : HarborMediaTypes.Same(accept, HarborMediaTypes.VulnerabilityReportHarbor) ? HarborMediaTypes.VulnerabilityReportHarbor : null;
        if (!wantsSbom && vulnerabilityType is null)
        {
            await ErrorAsync(context, StatusCodes.Status501NotImplemented, $"this scanner does not produce '{accept}'");
            return;
        }
        var sbomType = context.Request.Query["sbom_media_type"].ToString();
        if (wantsSbom && !HarborMediaTypes.SbomMediaTypes.Contains(sbomType))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest,
                $"an SBOM report needs ?sbom_media_type= one of {string.Join(", ", HarborMediaTypes.SbomMediaTypes)}" + (sbomType.Length > 0 ? $" (got '{sbomType}')" : ""));
            return;
        }
        var job = long.TryParse(context.Request.RouteValues["id"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await s.Queue.GetAsync(id, context.RequestAborted) : null;
        if (job is null || job.Kind != JobKinds.Harbor)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (job.State is "queued" or "running")
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers["Refresh-After"] = RefreshAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return;
        }
        if (job.State == "failed" || job.Digest is null || job.DatabaseVersion is null)
        {
            await ErrorAsync(context, StatusCodes.Status500InternalServerError, $"the scan failed: {job.Error}");
            return;
        }
        var generated = job.FinishedAt ?? job.CreatedAt;
        if (wantsSbom)
        {
            var sbom = await s.Results.ReportAsync(job.Digest, job.DatabaseVersion, sbomType == HarborMediaTypes.Spdx ? ReportFormats.Spdx : ReportFormats.CycloneDx, context.RequestAborted);
            if (sbom is null)
            {
                await ErrorAsync(context, StatusCodes.Status500InternalServerError, "the scan's result was removed by retention; scan the artifact again");
                return;
            }
            context.Response.ContentType = HarborMediaTypes.SbomReport;
            await using var w = HarborReportWriter.Create(context.Response.Body);
            HarborReportWriter.WriteSbom(w, generated, ArtifactOf(job), sbomType, sbom);
            return;
        }
        var findings = await s.Results.FindingsAsync(job.Digest, job.DatabaseVersion, context.RequestAborted);
        context.Response.ContentType = vulnerabilityType;
        await using (var w = HarborReportWriter.Create(context.Response.Body))
            HarborReportWriter.WriteVulnerabilities(w, generated, ArtifactOf(job), findings);
    }

    /// <summary>Harbor's <c>ErrorResponse</c>: <c>{"error": {"message": …}}</c>.</summary>
    internal static async Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = HarborMediaTypes.Error;
        await using var w = HarborReportWriter.Create(context.Response.Body);
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
