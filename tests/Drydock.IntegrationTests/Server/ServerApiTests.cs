using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Drydock.Hosts.Audit;
using Drydock.Reports;
using Npgsql;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// Drydock's API from outside, over HTTP, against a server process on real PostgreSQL scanning a real registry:
/// scans and their reports, stored once per digest and database version; agents' audits and the affected query;
/// scopes and problem+json errors; the OpenAPI document.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ServerApiTests(ServerFixture fixture)
{
    [ServerFact]
    public async Task Scan_RegistryImageTwice_ReportsInEveryFormatAndStoredOnce()
    {
        // Given
        using var server = await ServerSession.StartAsync(fixture);
        var reference = $"{fixture.Plain!.Host}/{ServerFixture.Repository}:{ServerFixture.Tag}";

        // When: the same image scanned twice
        var first = await server.ScanAsync(reference);
        var second = await server.ScanAsync(reference);

        // Then
        Assert.True(first["state"]!.GetValue<string>() == "done", first.ToJsonString() + "\n" + server.Process.Log);
        Assert.Equal("done", second["state"]!.GetValue<string>());
        var digest = first["digest"]!.GetValue<string>();
        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        Assert.Equal(digest, second["digest"]!.GetValue<string>());
        Assert.Equal("2026-11-30T12:00:00.000Z", first["databaseVersion"]!.GetValue<string>());
        var id = first["id"]!.GetValue<long>();
        var json = (await server.SendAsync(server.Request(HttpMethod.Get, $"/api/v1/scans/{id}/report"))).Body!;
        Assert.Equal(digest, json["image"]!["manifestDigest"]!.GetValue<string>());
        Assert.Contains(json["findings"]!.AsArray(), f => f!["vulnerabilityId"]!.GetValue<string>() == ServerFixture.VulnerabilityId);
        var sarif = await server.SendAsync(server.Request(HttpMethod.Get, $"/api/v1/scans/{id}/report?format=sarif"));
        Assert.Equal("application/sarif+json", sarif.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("2.1.0", sarif.Body!["version"]!.GetValue<string>());
        var cyclonedx = await server.SendAsync(server.Request(HttpMethod.Get, $"/api/v1/scans/{id}/report?format=cyclonedx"));
        Assert.Equal("CycloneDX", cyclonedx.Body!["bomFormat"]!.GetValue<string>());
        Assert.Contains(cyclonedx.Body["components"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "dpkg");
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        Assert.Equal(1L, await ServerStartTests.Scalar<long>(conn, "SELECT count(*) FROM images"));
        Assert.Equal(1L, await ServerStartTests.Scalar<long>(conn, "SELECT count(*) FROM scan_results"));
        Assert.Equal(1L, await ServerStartTests.Scalar<long>(conn, $"SELECT count(*) FROM findings WHERE vulnerability_id = '{ServerFixture.VulnerabilityId}'"));
        Assert.True(await ServerStartTests.Scalar<long>(conn, "SELECT count(*) FROM control_verdicts") > 0);
    }

    [ServerFact]
    public async Task Affected_AfterAgentAudit_ListsImageRepositoryHostAndContainer()
    {
        // Given: a scanned image, and an agent's audit (the real JSON writer) of a host running it
        using var server = await ServerSession.StartAsync(fixture);
        var scan = await server.ScanAsync($"{fixture.Plain!.Host}/{ServerFixture.Repository}:{ServerFixture.Tag}");
        var digest = scan["digest"]!.GetValue<string>();
        var agent = await server.TokenAsync("agent");
        var audit = new HostAuditReport(DateTimeOffset.UtcNow, [new AuditedHost("unix:///run/docker.sock", "1.43", null)],
        [
            new AuditedContainer { Host = "unix:///run/docker.sock", Name = "web", Id = "c0ffee", Image = "drydock/app:1", ImageId = "sha256:1111", ImageDigest = $"drydock/app@{digest}", Running = true },
            new AuditedContainer { Host = "unix:///run/docker.sock", Name = "other", Id = "beef", Image = "busybox", ImageId = "sha256:2222", ImageDigest = "busybox@sha256:" + new string('2', 64), Running = false },
        ], []);
        using var body = new MemoryStream();
        HostAuditJsonWriter.Write(audit, body);

        // When
        var posted = await server.SendAsync(server.Request(HttpMethod.Post, "/api/v1/agents/audits", agent, new ByteArrayContent(body.ToArray())));
        var affected = await server.SendAsync(server.Request(HttpMethod.Get, $"/api/v1/vulnerabilities/{ServerFixture.VulnerabilityId}/affected", agent));
        var readToken = await server.TokenAsync("read");
        var none = await server.SendAsync(server.Request(HttpMethod.Get, "/api/v1/vulnerabilities/CVE-1999-0000/affected", readToken));

        // Then: the agent token may post but not read; a read token sees the image and the container running it
        Assert.Equal(HttpStatusCode.Accepted, posted.Status);
        Assert.Equal(2, posted.Body!["containers"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, affected.Status);
        var result = (await server.SendAsync(server.Request(HttpMethod.Get, $"/api/v1/vulnerabilities/{ServerFixture.VulnerabilityId}/affected", readToken))).Body!;
        var image = Assert.Single(result["images"]!.AsArray())!;
        Assert.Equal(digest, image["digest"]!.GetValue<string>());
        Assert.Equal($"{fixture.Plain.Host}/{ServerFixture.Repository}", Assert.Single(result["repositories"]!.AsArray())!.GetValue<string>());
        Assert.Equal("unix:///run/docker.sock", Assert.Single(result["hosts"]!.AsArray())!.GetValue<string>());
        var container = Assert.Single(image["containers"]!.AsArray())!;
        Assert.Equal("web", container["name"]!.GetValue<string>());
        Assert.True(container["running"]!.GetValue<bool>());
        Assert.Equal("dpkg", Assert.Single(image["packages"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Empty(none.Body!["images"]!.AsArray());
    }

    [ServerFact]
    public async Task BadRequests_ScopesAndInput_AnsweredWithProblemJson()
    {
        // Given
        using var server = await ServerSession.StartAsync(fixture, "--no-worker");
        var read = await server.TokenAsync("read");

        // When
        var cases = new (HttpRequestMessage Request, HttpStatusCode Expected, string Detail)[]
        {
            (server.Request(HttpMethod.Post, "/api/v1/scans", null, JsonContent.Create(new { reference = "a/b:1" })), HttpStatusCode.Unauthorized, "a token is required"),
            (server.Request(HttpMethod.Post, "/api/v1/scans", "ddk_unknown-token-000000000000", JsonContent.Create(new { reference = "a/b:1" })), HttpStatusCode.Unauthorized, "not known"),
            (server.Request(HttpMethod.Post, "/api/v1/scans", read, JsonContent.Create(new { reference = "a/b:1" })), HttpStatusCode.Forbidden, "'scan' scope"),
            (server.Request(HttpMethod.Post, "/api/v1/scans", content: new StringContent("{not json")), HttpStatusCode.BadRequest, "not valid JSON"),
            (server.Request(HttpMethod.Post, "/api/v1/scans", content: JsonContent.Create(new { reference = "UPPER/Case:1" })), HttpStatusCode.BadRequest, "not an image reference"),
            (server.Request(HttpMethod.Post, "/api/v1/scans", content: JsonContent.Create(new { other = 1 })), HttpStatusCode.BadRequest, "'reference' is required"),
            (server.Request(HttpMethod.Get, "/api/v1/scans/999999"), HttpStatusCode.NotFound, "there is no scan 999999"),
            (server.Request(HttpMethod.Get, "/api/v1/scans/abc"), HttpStatusCode.BadRequest, "positive integer"),
            (server.Request(HttpMethod.Get, "/api/v1/scans/1/report?format=pdf"), HttpStatusCode.BadRequest, "unknown report format 'pdf'"),
            (server.Request(HttpMethod.Post, "/api/v1/tokens", read, JsonContent.Create(new { scopes = new[] { "read" } })), HttpStatusCode.Forbidden, "'admin' scope"),
            (server.Request(HttpMethod.Post, "/api/v1/tokens", content: JsonContent.Create(new { scopes = new[] { "root" } })), HttpStatusCode.BadRequest, "unknown: root"),
            (server.Request(HttpMethod.Post, "/api/v1/agents/audits", content: JsonContent.Create(new { hosts = 1 })), HttpStatusCode.UnprocessableEntity, "'hosts' is missing or not an array"),
            (server.Request(HttpMethod.Get, "/api/v1/nothing"), HttpStatusCode.NotFound, "no endpoint GET /api/v1/nothing"),
        };
        var answers = new List<(HttpStatusCode, JsonNode?, HttpResponseMessage)>();
        foreach (var c in cases) answers.Add(await server.SendAsync(c.Request));
        var queued = await server.SendAsync(server.Request(HttpMethod.Post, "/api/v1/scans", content: JsonContent.Create(new { reference = "127.0.0.1:1/a/b:1" })));
        var notDone = await server.SendAsync(server.Request(HttpMethod.Get, $"/api/v1/scans/{queued.Body!["id"]}/report"));

        // Then: each one status and one clear sentence, as problem+json
        for (var i = 0; i < cases.Length; i++)
        {
            var (status, body, response) = answers[i];
            Assert.True(cases[i].Expected == status, $"case {i}: {status} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal((int)status, body!["status"]!.GetValue<int>());
            Assert.Contains(cases[i].Detail, body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Conflict, notDone.Status);
        Assert.Contains("is queued", notDone.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [ServerFact]
    public async Task OpenApi_Served_NamesEveryEndpoint()
    {
        // Given
        using var server = await ServerSession.StartAsync(fixture, "--no-worker");

        // When: no token needed
        var (status, body, _) = await server.SendAsync(server.Request(HttpMethod.Get, "/api/v1/openapi.json", null));

        // Then
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("3.0", body!["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = body["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[] { "/api/v1/scans", "/api/v1/scans/{id}", "/api/v1/scans/{id}/report", "/api/v1/vulnerabilities/{id}/affected",
                     "/api/v1/agents/audits", "/api/v1/tokens", "/api/v1/metadata", "/api/v1/scan", "/api/v1/scan/{id}/report",
                     "/api/v1/webhooks", "/api/v1/webhooks/{id}", "/api/v1/webhooks/{id}/deliveries", "/api/v1/rematches" })
            Assert.Contains(path, paths);
    }
}
