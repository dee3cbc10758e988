using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Drydock.Hosts.Audit;
using Drydock.Model;
using Drydock.Reports;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// Issue 16 item 3 from outside: a server on real PostgreSQL scans a real registry image, its <c>--db</c> file is
/// replaced by a newer database, and the stored inventory is re-matched without the image; subscribers (a real HTTP
/// receiver written for the test) get each new vulnerability once, signed, filtered, retried with backoff.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RematchWebhookTests(ServerFixture fixture)
{
    private const string Secret = "s3cret-key-for-hmac";
    private const string NewVulnerability = "CVE-2099-0002";
    private static readonly DateTimeOffset NewBuilt = ServerFixture.DatabaseBuilt.AddDays(1);
    private const string NewVersion = "2026-12-01T12:00:00.000Z";

    [ServerFact]
    public async Task DatabaseReplaced_StoredImageRematched_OneSignedDeliveryPerPassingSubscriber()
    {
        // Given: a server on its own database file, a signed subscriber given at start, three filtered ones through the API
        using var receiver = new WebhookReceiver();
        var db = NewDatabaseFile("first");
        using var server = await ServerSession.StartOnDatabaseAsync(fixture, db, "--webhook", receiver.Url("all"), "--webhook-secret", Secret, "--webhook-backoff", "1s");
        await SubscribeAsync(server, new { url = receiver.Url("critical"), severities = new[] { "critical" } });
        await SubscribeAsync(server, new { url = receiver.Url("other-repo"), repositories = new[] { "*/team/*" } });
        await SubscribeAsync(server, new { url = receiver.Url("edge"), severities = new[] { "HIGH" }, repositories = new[] { "*/drydock/app" }, hosts = new[] { "edge-1" } });
        await SubscribeAsync(server, new { url = receiver.Url("no-host"), hosts = new[] { "nowhere" } });
        var scan = await server.ScanAsync($"{fixture.Plain!.Host}/{ServerFixture.Repository}:{ServerFixture.Tag}");
        Assert.True(scan["state"]!.GetValue<string>() == "done", scan.ToJsonString() + "\n" + server.Process.Log);
        var digest = scan["digest"]!.GetValue<string>();
        await PostAuditAsync(server, "edge-1", digest);

        // When: the database file is replaced (by rename) with one that adds an advisory for the image's dpkg
        ReplaceDatabase(db, NewBuilt, ServerFixture.VulnerabilityId, NewVulnerability);
        var all = Assert.Single(await receiver.WaitForAsync("all", 1, TimeSpan.FromSeconds(90), () => server.Process.Log));
        await receiver.WaitForAsync("edge", 1, TimeSpan.FromSeconds(30), () => server.Process.Log);
        await Task.Delay(TimeSpan.FromSeconds(5)); // a second delivery, if one were planned, would come within this

        // Then: exactly one delivery to each subscriber whose filters pass, signed with the secret, listing only the new vulnerability
        Assert.Single(receiver.To("all"));
        Assert.Single(receiver.To("edge"));
        Assert.Empty(receiver.To("critical"));
        Assert.Empty(receiver.To("other-repo"));
        Assert.Empty(receiver.To("no-host"));
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), all.Body)), all.Headers["X-Drydock-Signature"]);
        Assert.StartsWith("ddk-", all.Headers["Idempotency-Key"], StringComparison.Ordinal);
        var body = JsonNode.Parse(all.Body)!;
        Assert.Equal(NewVersion, body["databaseVersion"]!.GetValue<string>());
        var image = Assert.Single(body["images"]!.AsArray())!;
        Assert.Equal(digest, image["digest"]!.GetValue<string>());
        var vulnerability = Assert.Single(image["vulnerabilities"]!.AsArray())!;
        Assert.Equal(NewVulnerability, vulnerability["id"]!.GetValue<string>());
        Assert.Equal("HIGH", vulnerability["severity"]!.GetValue<string>());
        Assert.Equal("dpkg", vulnerability["package"]!.GetValue<string>());
        var edge = receiver.To("edge")[0];
        Assert.False(edge.Headers.ContainsKey("X-Drydock-Signature"));
        Assert.Equal("edge-1", Assert.Single(JsonNode.Parse(edge.Body)!["images"]![0]!["hosts"]!.AsArray())!.GetValue<string>());
        // the re-matched result answers the affected query, and the run is listed as finished
        var affected = (await server.SendAsync(server.Request(HttpMethod.Get, $"/api/v1/vulnerabilities/{NewVulnerability}/affected"))).Body!;
        Assert.Equal(digest, Assert.Single(affected["images"]!.AsArray())!["digest"]!.GetValue<string>());
        var run = (await GetArrayAsync(server, "/api/v1/rematches")).Single(r => r!["databaseVersion"]!.GetValue<string>() == NewVersion)!;
        Assert.Equal(1, run["digests"]!.GetValue<int>());
        Assert.NotNull(run["finishedAt"]!.GetValue<DateTimeOffset?>());
    }

    [ServerFact]
    public async Task ReceiverFailsTwice_DeliveryRetriedWithBackoff_ReceiptShowsThreeAttempts()
    {
        // Given: a subscriber that answers 503 twice before it accepts
        using var receiver = new WebhookReceiver(failFirst: 2);
        var db = NewDatabaseFile("retry");
        using var server = await ServerSession.StartOnDatabaseAsync(fixture, db, "--webhook", receiver.Url("hook"), "--webhook-secret", Secret, "--webhook-backoff", "1s");
        var scan = await server.ScanAsync($"{fixture.Plain!.Host}/{ServerFixture.Repository}:{ServerFixture.Tag}");
        Assert.True(scan["state"]!.GetValue<string>() == "done", scan.ToJsonString() + "\n" + server.Process.Log);

        // When
        ReplaceDatabase(db, NewBuilt, ServerFixture.VulnerabilityId, NewVulnerability);
        var requests = await receiver.WaitForAsync("hook", 3, TimeSpan.FromSeconds(90), () => server.Process.Log);
        await Task.Delay(TimeSpan.FromSeconds(5));

        // Then: three attempts of the same delivery (same key, same signed body), at least 1 s then 2 s apart; no fourth
        Assert.Equal(3, receiver.To("hook").Count);
        Assert.Equal([503, 503, 200], requests.Select(r => r.Answer));
        Assert.Single(requests.Select(r => r.Headers["Idempotency-Key"]).Distinct());
        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
        Assert.All(requests, r => Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), r.Body)), r.Headers["X-Drydock-Signature"]));
        Assert.Equal(["1", "2", "3"], requests.Select(r => r.Headers["X-Drydock-Attempt"]));
        var hook = Assert.Single(await GetArrayAsync(server, "/api/v1/webhooks"))!;
        var receipt = Assert.Single(await GetArrayAsync(server, $"/api/v1/webhooks/{hook["id"]!.GetValue<long>()}/deliveries"))!;
        Assert.Equal("delivered", receipt["state"]!.GetValue<string>());
        Assert.Equal(3, receipt["attempts"]!.GetValue<int>());
        Assert.Equal(200, receipt["lastStatus"]!.GetValue<int>());
        Assert.Equal(NewVersion, receipt["databaseVersion"]!.GetValue<string>());
        Assert.Equal(1, receipt["notifications"]!.GetValue<int>());
    }

    [ServerFact]
    public async Task MoreNotificationsThanOnePostHolds_DeliveredAcrossSeveralPosts_EachOnce()
    {
        // Given: a subscriber whose POSTs carry at most 2 notifications, and whose first POST is answered 503
        using var receiver = new WebhookReceiver(failFirst: 1);
        var db = NewDatabaseFile("capped");
        using var server = await ServerSession.StartOnDatabaseAsync(fixture, db, "--webhook", receiver.Url("capped"), "--webhook-secret", Secret,
            "--webhook-backoff", "1s", "--webhook-max-notifications", "2");
        var scan = await server.ScanAsync($"{fixture.Plain!.Host}/{ServerFixture.Repository}:{ServerFixture.Tag}");
        Assert.True(scan["state"]!.GetValue<string>() == "done", scan.ToJsonString() + "\n" + server.Process.Log);
        var digest = scan["digest"]!.GetValue<string>();
        string[] added = ["CVE-2099-0101", "CVE-2099-0102", "CVE-2099-0103", "CVE-2099-0104", "CVE-2099-0105"];

        // When: the new database adds five vulnerabilities to the image
        ReplaceDatabase(db, NewBuilt, [ServerFixture.VulnerabilityId, .. added]);
        await receiver.WaitForAsync("capped", 4, TimeSpan.FromSeconds(90), () => server.Process.Log);
        await Task.Delay(TimeSpan.FromSeconds(5)); // a repeat, if one were sent, would come within this

        // Then: parts 1-3 of 3 (2 + 2 + 1 notifications), each accepted once, signed; the five vulnerabilities once each, in order
        var requests = receiver.To("capped");
        Assert.Equal([503, 200, 200, 200], requests.Select(r => r.Answer));
        var accepted = requests.Where(r => r.Answer == 200).ToList();
        Assert.Equal(3, accepted.Select(r => r.Headers["Idempotency-Key"]).Distinct().Count());
        Assert.All(requests, r => Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), r.Body)), r.Headers["X-Drydock-Signature"]));
        var bodies = accepted.Select(r => JsonNode.Parse(r.Body)!).OrderBy(b => b["part"]!.GetValue<int>()).ToList();
        Assert.Equal([1, 2, 3], bodies.Select(b => b["part"]!.GetValue<int>()));
        Assert.All(bodies, b => Assert.Equal(3, b["parts"]!.GetValue<int>()));
        Assert.All(bodies, b => Assert.Equal(digest, Assert.Single(b["images"]!.AsArray())!["digest"]!.GetValue<string>()));
        var perPost = bodies.Select(b => b["images"]![0]!["vulnerabilities"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()).ToList()).ToList();
        Assert.Equal([2, 2, 1], perPost.Select(p => p.Count));
        Assert.Equal(added, perPost.SelectMany(p => p));
        var hook = Assert.Single(await GetArrayAsync(server, "/api/v1/webhooks"))!;
        var receipts = await GetArrayAsync(server, $"/api/v1/webhooks/{hook["id"]!.GetValue<long>()}/deliveries");
        Assert.Equal(3, receipts.Count);
        Assert.All(receipts, r => Assert.Equal("delivered", r!["state"]!.GetValue<string>()));
        Assert.Equal(5, receipts.Sum(r => r!["notifications"]!.GetValue<int>()));
    }

    [ServerFact]
    public async Task Webhooks_BadSubscriptions_AnsweredWithProblemJson()
    {
        // Given
        using var server = await ServerSession.StartAsync(fixture, "--no-worker");
        var read = await server.TokenAsync("read");

        // When
        var noUrl = await server.SendAsync(server.Request(HttpMethod.Post, "/api/v1/webhooks", content: JsonContent.Create(new { url = "ftp://example.test/x" })));
        var badSeverity = await server.SendAsync(server.Request(HttpMethod.Post, "/api/v1/webhooks", content: JsonContent.Create(new { url = "http://127.0.0.1:9/x", severities = new[] { "urgent" } })));
        var notAdmin = await server.SendAsync(server.Request(HttpMethod.Get, "/api/v1/webhooks", read));
        var missing = await server.SendAsync(server.Request(HttpMethod.Get, "/api/v1/webhooks/424242/deliveries"));

        // Then
        Assert.Equal(HttpStatusCode.BadRequest, noUrl.Status);
        Assert.Contains("'url' is required", noUrl.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badSeverity.Status);
        Assert.Contains("'URGENT'", badSeverity.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("application/problem+json", missing.Response.Content.Headers.ContentType!.MediaType);
    }

    private static async Task SubscribeAsync(ServerSession server, object subscription)
    {
        var (status, body, _) = await server.SendAsync(server.Request(HttpMethod.Post, "/api/v1/webhooks", content: JsonContent.Create(subscription)));
        Assert.True(status == HttpStatusCode.Created, $"{status}: {body}");
    }

    private static async Task<JsonArray> GetArrayAsync(ServerSession server, string path)
    {
        var response = await server.Http.SendAsync(server.Request(HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private static async Task PostAuditAsync(ServerSession server, string host, string digest)
    {
        var audit = new HostAuditReport(DateTimeOffset.UtcNow, [new AuditedHost(host, "1.43", null)],
            [new AuditedContainer { Host = host, Name = "web", Id = "c0ffee", Image = "drydock/app:1", ImageId = "sha256:1111", ImageDigest = $"drydock/app@{digest}", Running = true }], []);
        using var body = new MemoryStream();
        HostAuditJsonWriter.Write(audit, body);
        var (status, _, _) = await server.SendAsync(server.Request(HttpMethod.Post, "/api/v1/agents/audits", content: new ByteArrayContent(body.ToArray())));
        Assert.Equal(HttpStatusCode.Accepted, status);
    }

    /// <summary>A copy of the fixture's database (one advisory), in a folder of this test.</summary>
    private string NewDatabaseFile(string name)
    {
        var path = Path.Combine(fixture.NewProcessDirectory("db-" + name), "vuln.db");
        File.Copy(fixture.DatabasePath, path);
        return path;
    }

    /// <summary>Writes a database built at <paramref name="built"/> with HIGH advisories for dpkg &lt; 99 on Debian 12 beside <paramref name="path"/>, then renames it over.</summary>
    private static void ReplaceDatabase(string path, DateTimeOffset built, params string[] ids)
    {
        var next = path + ".next";
        using (var writer = DatabaseWriter.Create(next))
        {
            foreach (var id in ids)
            {
                var affected = new AffectedPackage
                {
                    Namespace = "debian:12", Package = "dpkg", VulnerabilityId = id, VersionScheme = "deb", Fixed = "99.0", Severity = Severity.High, DataSource = "debian-tracker",
                };
                writer.Add(new AdvisoryRecord(new VulnerabilityRecord { Id = id, Description = "a test advisory" }, [affected]));
            }
            writer.SetFeed(new FeedState("debian-tracker", "https://example.test/tracker", built.AddHours(-1), null, null, 1));
            writer.Commit(built);
        }
        File.Move(next, path, overwrite: true);
    }
}
