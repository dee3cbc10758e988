using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// Harbor's Pluggable Scanner API v1.2 driven as Harbor drives it, against a Basic-auth registry: every response is
/// checked against the schema Harbor's own OpenAPI file names for its operation, status and media type.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HarborApiTests(ServerFixture fixture)
{
    private const string ScanRequestType = "application/vnd.scanner.adapter.scan.request+json; version=1.1";
    private const string VulnerabilityType = "application/vnd.security.vulnerability.report; version=1.1";
    private const string SbomType = "application/vnd.security.sbom.report+json; version=1.0";
    private const string ErrorType = "application/vnd.scanner.adapter.error+json; version=1.0";

    [ServerFact(SharedData = true)]
    public async Task HarborFlow_BasicAuthRegistry_AnswersFastAndReportsMatchTheSpec()
    {
        // Given: a server behind Harbor's API key header, and the Basic registry's credentials only in the request
        var spec = HarborSpec.Load();
        using var server = await ServerSession.StartAsync(fixture);
        var scanToken = await server.TokenAsync("scan", "read");
        var digest = await ManifestDigestAsync(fixture.Basic!);
        var body = ScanRequest(fixture.Basic!.Host, $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"))}", digest);

        // When
        var metadata = await SendAsync(server, HttpMethod.Get, "/api/v1/metadata", scanToken);
        var clock = Stopwatch.StartNew();
        var accepted = await SendAsync(server, HttpMethod.Post, "/api/v1/scan", scanToken, body);
        var acceptSeconds = clock.Elapsed.TotalSeconds;
        var id = JsonDocument.Parse(accepted.Body).RootElement.GetProperty("id").GetString()!;
        var first = await SendAsync(server, HttpMethod.Get, $"/api/v1/scan/{id}/report", scanToken, accept: VulnerabilityType);
        var report = await PollAsync(server, $"/api/v1/scan/{id}/report", scanToken, VulnerabilityType);
        var harbor10 = await SendAsync(server, HttpMethod.Get, $"/api/v1/scan/{id}/report", scanToken, accept: "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0");
        var spdx = await SendAsync(server, HttpMethod.Get, $"/api/v1/scan/{id}/report?sbom_media_type=application/spdx%2Bjson", scanToken, accept: SbomType);
        var cyclonedx = await SendAsync(server, HttpMethod.Get, $"/api/v1/scan/{id}/report?sbom_media_type=application/vnd.cyclonedx%2Bjson", scanToken, accept: SbomType);

        // Then: 202 well inside Harbor's 5 s; 302 with an int8 Refresh-After while running (or already done)
        Assert.True(acceptSeconds < 5, $"POST /scan took {acceptSeconds:0.00} s");
        Valid(spec, "/metadata", "get", metadata, "application/vnd.scanner.adapter.metadata+json; version=1.1");
        Valid(spec, "/scan", "post", accepted, "application/vnd.scanner.adapter.scan.response+json; version=1.0");
        if (first.Status == HttpStatusCode.Found)
            Assert.InRange(int.Parse(first.Response.Headers.GetValues("Refresh-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 127);
        else Assert.Equal(HttpStatusCode.OK, first.Status);
        Valid(spec, "/scan/{scan_request_id}/report", "get", report, VulnerabilityType);
        Valid(spec, "/scan/{scan_request_id}/report", "get", harbor10, "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0");
        var vulnerabilities = JsonDocument.Parse(report.Body).RootElement;
        Assert.Equal(digest, vulnerabilities.GetProperty("artifact").GetProperty("digest").GetString());
        Assert.Equal("High", vulnerabilities.GetProperty("severity").GetString());
        var item = Assert.Single(vulnerabilities.GetProperty("vulnerabilities").EnumerateArray());
        Assert.Equal((ServerFixture.VulnerabilityId, "dpkg", "99.0"), (item.GetProperty("id").GetString(), item.GetProperty("package").GetString(), item.GetProperty("fix_version").GetString()));
        Valid(spec, "/scan/{scan_request_id}/report", "get", spdx, SbomType);
        Valid(spec, "/scan/{scan_request_id}/report", "get", cyclonedx, SbomType);
        Assert.Equal("SPDX-2.3", JsonDocument.Parse(spdx.Body).RootElement.GetProperty("sbom").GetProperty("spdxVersion").GetString());
        Assert.Equal("CycloneDX", JsonDocument.Parse(cyclonedx.Body).RootElement.GetProperty("sbom").GetProperty("bomFormat").GetString());
        // The credentials were used, never stored or logged
        Assert.DoesNotContain(RegistryServer.Password, server.Process.Log, StringComparison.Ordinal);
        await using var conn = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        await using var dump = new Npgsql.NpgsqlCommand("SELECT string_agg(j::text, ' ') FROM jobs j", conn);
        var rows = (string)(await dump.ExecuteScalarAsync())!;
        Assert.DoesNotContain(RegistryServer.Password, rows, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}")), rows, StringComparison.Ordinal);
    }

    [ServerFact(SharedData = true)]
    public async Task HarborErrors_BadRequests_ErrorResponsesMatchTheSpec()
    {
        // Given
        var spec = HarborSpec.Load();
        using var server = await ServerSession.StartAsync(fixture, "--no-worker");
        var digest = "sha256:" + new string('a', 64);

        // When
        var invalidJson = await SendAsync(server, HttpMethod.Post, "/api/v1/scan", ServerSession.AdminToken, "{nope");
        var noArtifact = await SendAsync(server, HttpMethod.Post, "/api/v1/scan", ServerSession.AdminToken, """{"registry": {"url": "http://x"}}""");
        var badDigest = await SendAsync(server, HttpMethod.Post, "/api/v1/scan", ServerSession.AdminToken, ScanRequest(fixture.Plain!.Host, "", "sha256:xyz"));
        var bearer = await SendAsync(server, HttpMethod.Post, "/api/v1/scan", ServerSession.AdminToken, ScanRequest(fixture.Plain.Host, "Bearer abc", digest));
        var unsupported = await SendAsync(server, HttpMethod.Post, "/api/v1/scan", ServerSession.AdminToken,
            ScanRequest(fixture.Plain.Host, "", digest).Replace("\"artifact\"", "\"enabled_capabilities\": [{\"type\": \"vulnerability\", \"produces_mime_types\": [\"application/x-pdf\"]}], \"artifact\"", StringComparison.Ordinal));
        var queued = await SendAsync(server, HttpMethod.Post, "/api/v1/scan", ServerSession.AdminToken, ScanRequest(fixture.Plain.Host, "", digest));
        var id = JsonDocument.Parse(queued.Body).RootElement.GetProperty("id").GetString();
        var pending = await SendAsync(server, HttpMethod.Get, $"/api/v1/scan/{id}/report", ServerSession.AdminToken, accept: VulnerabilityType);
        var sbomWithoutType = await SendAsync(server, HttpMethod.Get, $"/api/v1/scan/{id}/report", ServerSession.AdminToken, accept: SbomType);
        var unknownAccept = await SendAsync(server, HttpMethod.Get, $"/api/v1/scan/{id}/report", ServerSession.AdminToken, accept: "application/vnd.example.report");
        var unknownId = await SendAsync(server, HttpMethod.Get, "/api/v1/scan/424242/report", ServerSession.AdminToken, accept: VulnerabilityType);
        var noToken = await SendAsync(server, HttpMethod.Get, "/api/v1/metadata", null);

        // Then
        Assert.Equal(HttpStatusCode.BadRequest, invalidJson.Status);
        Valid(spec, "/scan", "post", invalidJson, ErrorType);
        foreach (var r in new[] { noArtifact, badDigest, bearer })
        {
            Assert.True(r.Status == HttpStatusCode.UnprocessableEntity, r.Body);
            Valid(spec, "/scan", "post", r, ErrorType);
        }
        Assert.Contains("artifact", noArtifact.Body, StringComparison.Ordinal);
        Assert.Contains("Basic", bearer.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotImplemented, unsupported.Status);
        Valid(spec, "/scan", "post", unsupported, ErrorType);
        Assert.Equal(HttpStatusCode.Accepted, queued.Status);
        Assert.Equal(HttpStatusCode.Found, pending.Status);
        Assert.Equal("5", pending.Response.Headers.GetValues("Refresh-After").Single());
        Assert.Equal(HttpStatusCode.BadRequest, sbomWithoutType.Status);
        Valid(spec, "/scan/{scan_request_id}/report", "get", sbomWithoutType, ErrorType);
        Assert.Equal(HttpStatusCode.NotImplemented, unknownAccept.Status);
        Valid(spec, "/scan/{scan_request_id}/report", "get", unknownAccept, ErrorType);
        Assert.Equal(HttpStatusCode.NotFound, unknownId.Status);
        Assert.Equal("", unknownId.Body);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.Status);
    }

    private static string ScanRequest(string registryHost, string authorization, string digest) =>
        "{\"registry\": {\"url\": \"http://" + registryHost + "\", \"authorization\": \"" + authorization + "\"}, " +
        "\"artifact\": {\"repository\": \"" + ServerFixture.Repository + "\", \"digest\": \"" + digest + "\", \"tag\": \"" + ServerFixture.Tag +
        "\", \"mime_type\": \"application/vnd.oci.image.manifest.v1+json\"}}";

    private static async Task<string> ManifestDigestAsync(RegistryServer registry)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{registry.Host}/v2/{ServerFixture.Repository}/manifests/{ServerFixture.Tag}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}")));
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    private sealed record Answer(HttpStatusCode Status, string Body, HttpResponseMessage Response);

    private static async Task<Answer> SendAsync(ServerSession server, HttpMethod method, string path, string? apiKey, string? body = null, string? accept = null)
    {
        var request = new HttpRequestMessage(method, new Uri(server.Http.BaseAddress!, path));
        if (apiKey is not null) request.Headers.Add("X-ScannerAdapter-API-Key", apiKey);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", ScanRequestType);
        }
        var response = await server.Http.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static async Task<Answer> PollAsync(ServerSession server, string path, string apiKey, string accept)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var answer = await SendAsync(server, HttpMethod.Get, path, apiKey, accept: accept);
            if (answer.Status != HttpStatusCode.Found) return answer;
            await Task.Delay(200);
        }
        throw new TimeoutException("the Harbor report never became ready; log:\n" + server.Process.Log);
    }

    /// <summary>The response's status, media type and body are those the spec lists for the operation.</summary>
    private static void Valid(HarborSpec spec, string path, string method, Answer answer, string mediaType)
    {
        Assert.True(spec.HasBody(path, method, (int)answer.Status), $"{method} {path} {(int)answer.Status} has no body in the spec");
        Assert.Equal(mediaType.Replace(" ", "", StringComparison.Ordinal), answer.Response.Content.Headers.ContentType!.ToString().Replace(" ", "", StringComparison.Ordinal));
        var schema = spec.ResponseSchema(path, method, (int)answer.Status, mediaType)!;
        var errors = spec.Validate(schema, JsonDocument.Parse(answer.Body).RootElement);
        Assert.True(errors.Count == 0, string.Join('\n', errors) + "\n" + answer.Body);
    }
}
