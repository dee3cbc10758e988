using System.Net;
using Drydock.Hosts.Audit;
using Drydock.Hosts.Rollout;
using Drydock.Hosts.Update;
using Drydock.IntegrationTests.Reports;
using Drydock.Reports;
using Drydock.Reports.Hosts;
using Microsoft.Playwright;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// The dashboard in headless Chromium (Debian's package, driven by Playwright; no browser download): a real server
/// process on real PostgreSQL, data posted through the real API (a scan, an agent's audit, a rollback run), then the
/// page signs in with a read token and the DOM is checked; a screenshot is saved under TestResults/.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DashboardTests(ServerFixture fixture)
{
    private const string Host = "unix:///run/docker.sock";

    [DashboardFact]
    public async Task Dashboard_InChromium_ShowsStalePinnedRolledBackContainersAndCveSearchListsThem()
    {
        // Given: a scanned image run by two containers of a host: 'web' stale, 'api' rolled back and pinned by host rollback
        using var server = await ServerSession.StartAsync(fixture);
        var scan = await server.ScanAsync($"{fixture.Plain!.Host}/{ServerFixture.Repository}:{ServerFixture.Tag}");
        var digest = scan["digest"]!.GetValue<string>();
        var agent = await server.TokenAsync("agent");
        var read = await server.TokenAsync("read");
        var now = DateTimeOffset.UtcNow;
        var audit = new HostAuditReport(now, [new AuditedHost(Host, "1.43", null)],
        [
            new AuditedContainer { Host = Host, Name = "web", Id = "c0ffee", Image = "drydock/app:1", ImageId = "sha256:1111", ImageDigest = $"drydock/app@{digest}",
                LatestDigest = "sha256:" + new string('9', 64), Stale = true, AgeDays = 40, Running = true },
            new AuditedContainer { Host = Host, Name = "api", Id = "beef", Image = "drydock/app:1", ImageId = "sha256:1111", ImageDigest = $"drydock/app@{digest}",
                Stale = false, Running = true, Pin = new ContainerPin("sha256:1111", "drydock/app:1", now.AddMinutes(-5), Pinned: true) },
        ], []);
        var run = new RolloutReport([HostRunResult.Finished(Host,
            [new ContainerRunResult("api", ContainerOutcome.RolledBack, "sha256:2222", "sha256:1111", "failed", TimeSpan.FromSeconds(3), "health check failed; back on the old image")],
            TimeSpan.FromSeconds(4))], new RolloutOptions(), null, now.AddMinutes(-6), TimeSpan.FromSeconds(4));
        Assert.Equal(HttpStatusCode.Accepted, (await server.SendAsync(server.Request(HttpMethod.Post, "/api/v1/agents/audits", agent, Json(s => HostAuditJsonWriter.Write(audit, s))))).Status);
        var posted = await server.SendAsync(server.Request(HttpMethod.Post, "/api/v1/agents/runs", agent, Json(s => RolloutJsonWriter.Write(run, s))));
        Assert.True(posted.Status == HttpStatusCode.Accepted, $"{posted.Status}: {posted.Body}");

        // When: Chromium opens the dashboard, signs in with the read token and searches the advisory
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = DashboardFactAttribute.Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add($"{m.Text} ({m.Location})"); };
        await page.GotoAsync(new Uri(server.Http.BaseAddress!, "/dashboard").AbsoluteUri);
        await page.FillAsync("#token", read);
        await page.ClickAsync("#login button[type=submit]");
        await page.WaitForSelectorAsync("body[data-loaded=true]", new() { Timeout = 30_000 });
        var web = await page.Locator($"#hosts tr[data-host='{Host}'][data-container='web'] td.state").InnerTextAsync();
        var api = await page.Locator($"#hosts tr[data-host='{Host}'][data-container='api'] td.state").InnerTextAsync();
        var imageRow = page.Locator($"#images tr[data-digest='{digest}']");
        var high = await imageRow.Locator("td.count.high").InnerTextAsync();
        var verdicts = await imageRow.Locator("td.verdicts").InnerTextAsync();
        var updates = await page.Locator("#updates tbody").InnerTextAsync();
        var freshness = await page.Locator("#freshness tbody").InnerTextAsync();
        await page.FillAsync("#cve-id", ServerFixture.VulnerabilityId);
        await page.ClickAsync("#cve-form button[type=submit]");
        await page.WaitForSelectorAsync("#cve-containers", new() { Timeout = 30_000 });
        var listed = await page.Locator("#cve-containers tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.host + '/' + r.dataset.container).sort()");
        var summary = await page.Locator("#cve-summary").InnerTextAsync();
        var stored = await page.EvaluateAsync<string>("sessionStorage.getItem('drydock.token')");
        var shot = Path.Combine(ResultsDirectory(), "dashboard.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });

        // Then: the host rows carry their states, the image its counts and verdicts, the history both rows, the search both containers
        Assert.Equal("stale", web.Trim());
        Assert.Contains("pinned", api, StringComparison.Ordinal);
        Assert.Contains("rolled back", api, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", api, StringComparison.Ordinal);
        Assert.Equal("1", high.Trim());
        Assert.Contains("CIS-4.1", verdicts, StringComparison.Ordinal);
        Assert.Contains("rolledback", updates, StringComparison.Ordinal);
        Assert.Contains("health check failed", updates, StringComparison.Ordinal);
        Assert.Contains("web", freshness, StringComparison.Ordinal);
        Assert.Equal([$"{Host}/api", $"{Host}/web"], listed);
        Assert.StartsWith($"{ServerFixture.VulnerabilityId}: 1 image(s), 2 container(s) on 1 host(s)", summary, StringComparison.Ordinal);
        Assert.Equal(read, stored);
        Assert.True(errors.Count == 0, "the page logged errors: " + string.Join("; ", errors));
        var png = PngImage.Decode(await File.ReadAllBytesAsync(shot));
        Assert.Equal(1400, png.Width);
        Assert.True(png.DistinctColours() > 20, "the screenshot has too few colours to be the rendered dashboard");
    }

    [DashboardFact]
    public async Task Dashboard_ApiWithoutReadScopeAndBadRun_RefusedWithProblems()
    {
        // Given
        using var server = await ServerSession.StartAsync(fixture, "--no-worker");
        var agent = await server.TokenAsync("agent");

        // When
        var page = await server.Http.GetAsync(new Uri(server.Http.BaseAddress!, "/dashboard/"));
        var html = await page.Content.ReadAsStringAsync();
        var missing = await server.SendAsync(server.Request(HttpMethod.Get, "/dashboard/secrets.txt", null));
        var noToken = await server.SendAsync(server.Request(HttpMethod.Get, "/api/v1/dashboard/hosts", null));
        var agentOnly = await server.SendAsync(server.Request(HttpMethod.Get, "/api/v1/dashboard/images", agent));
        var badRun = await server.SendAsync(server.Request(HttpMethod.Post, "/api/v1/agents/runs", agent, new StringContent("""{"startedAt":"2026-12-01T00:00:00Z","hosts":[{"host":"h","containers":[{"outcome":"updated"}]}]}""")));

        // Then: the page is served to anyone, with a CSP; data needs a read token; a malformed run is named
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"login\"", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.Status);
        Assert.Equal(HttpStatusCode.Forbidden, agentOnly.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badRun.Status);
        Assert.Contains("hosts[0].containers[0]: 'name' is missing", badRun.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static ByteArrayContent Json(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return new ByteArrayContent(buffer.ToArray());
    }

    /// <summary>The test project's TestResults folder (dotnet test's default results directory).</summary>
    private static string ResultsDirectory()
    {
        var dir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

/// <summary>A server fact that also needs Debian's Chromium: skipped with the reason when it is missing.</summary>
public sealed class DashboardFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public DashboardFactAttribute()
    {
        Skip = ServerFixture.Missing() ?? (File.Exists(Chromium) ? null : $"needs Chromium at {Chromium} (scripts/install-deps.sh installs chromium)");
    }
}
