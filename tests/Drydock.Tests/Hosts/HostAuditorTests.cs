using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Freshness;
using Drydock.Hosts.Audit;
using Drydock.Reports;
using Drydock.Tests.Builders;
using Drydock.Tests.Freshness;

namespace Drydock.Tests.Hosts;

public sealed class HostAuditorTests
{
    private const string Reference = "127.0.0.1:5000/demo/app:1";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly FakeRegistryLookup _registry = new();
    private readonly FakeDockerEngine _engine = new();

    private (string OldId, string NewId) StaleSetUp()
    {
        var (_, oldId) = _registry.AddImage("amd64", ["sha256:aa"]);
        var (newDigest, newId) = _registry.AddImage("amd64", ["sha256:aa", "sha256:bb"]);
        _registry.Tag("demo/app:1", newDigest);
        var image = _engine.AddImage(oldId);
        image["RepoTags"] = new JsonArray(Reference);
        image["RepoDigests"] = new JsonArray("127.0.0.1:5000/demo/app@sha256:0123");
        image["Created"] = "2026-01-01T00:00:00Z";
        image["Architecture"] = "amd64";
        image["Os"] = "linux";
        _engine.Tags[Reference] = oldId;
        _engine.AddContainer("svc", Reference, new JsonObject());
        return (oldId, newId);
    }

    [Fact]
    public async Task AuditAsync_TagMoved_ContainerStaleWithBothIdsAndFailedVerdict()
    {
        // Given
        var (oldId, newId) = StaleSetUp();
        var auditor = new HostAuditor(new FreshnessChecker(_ => _registry), new HostAuditOptions { Clock = new ManualTimeProvider(Now), MaxAgeDays = 30 });

        // When
        var audit = await auditor.AuditAsync(_engine, "1.45", default);

        // Then
        var svc = Assert.Single(audit.Containers);
        Assert.Equal("svc", svc.Name);
        Assert.True(svc.Stale);
        Assert.Equal(oldId, svc.ImageId);
        Assert.Equal(newId, svc.LatestImageId);
        Assert.Equal("sha256:0123", svc.ImageDigest);
        Assert.Equal(59, svc.AgeDays);
        Assert.False(svc.Dangling);
        Assert.Contains(svc.Verdicts, v => v.Id == "DRYDOCK-STALE" && v.Outcome == "fail");
        Assert.Contains(svc.Verdicts, v => v.Id == "DRYDOCK-MAX-AGE" && v.Outcome == "fail");
        Assert.True(AuditVerdicts.Gated(svc));
        Assert.Equal(["svc"], Assert.Single(audit.Images).Containers);
    }

    [Fact]
    public async Task AuditAsync_ImageNoLongerTagged_ContainerDangling()
    {
        // Given
        var (oldId, _) = StaleSetUp();
        _engine.Images[oldId]["RepoTags"] = new JsonArray();

        // When
        var audit = await new HostAuditor(new FreshnessChecker(_ => _registry), new HostAuditOptions { Clock = new ManualTimeProvider(Now) }).AuditAsync(_engine, "1.45", default);

        // Then
        Assert.True(Assert.Single(audit.Containers).Dangling);
        Assert.True(Assert.Single(audit.Images).Dangling);
    }

    [Fact]
    public async Task JsonWriter_MergedReport_DocumentedShape()
    {
        // Given
        StaleSetUp();
        var audit = await new HostAuditor(new FreshnessChecker(_ => _registry), new HostAuditOptions { Clock = new ManualTimeProvider(Now) }).AuditAsync(_engine, "1.45", default);
        var failed = new HostAudit(new AuditedHost("tcp://10.0.0.9:2376", null, "connection refused"), [], []);
        var report = HostAuditReport.Merge(Now, [failed, audit]);

        // When
        using var buffer = new MemoryStream();
        HostAuditJsonWriter.Write(report, buffer);
        using var doc = JsonDocument.Parse(buffer.ToArray());

        // Then
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("2026-03-01T00:00:00Z", root.GetProperty("generatedAt").GetString());
        Assert.Equal(["fake://engine", "tcp://10.0.0.9:2376"], root.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("host").GetString()));
        Assert.Equal("connection refused", root.GetProperty("hosts")[1].GetProperty("error").GetString());
        var c = root.GetProperty("containers")[0];
        Assert.True(c.GetProperty("stale").GetBoolean());
        Assert.StartsWith("sha256:", c.GetProperty("latestDigest").GetString(), StringComparison.Ordinal);
        Assert.Equal("DRYDOCK-STALE", c.GetProperty("verdicts")[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("vulnerabilities").ValueKind);
        Assert.Equal("no vulnerability database", c.GetProperty("vulnerabilityError").GetString());
    }

    [Fact]
    public async Task AuditAsync_WithScanner_CountsPerImageScannedOnceInJsonAndTable()
    {
        // Given: two containers on the same image, and a scanner that finds 1 critical, 2 high, 0 medium, 3 low, 1 unknown
        var (oldId, _) = StaleSetUp();
        _engine.AddContainer("svc2", Reference, new JsonObject());
        var scanner = new FakeVulnerabilityScanner { [oldId] = new ImageVulnerabilities(1, 2, 0, 3, 1) };
        var options = new HostAuditOptions { Clock = new ManualTimeProvider(Now), Vulnerabilities = scanner };

        // When
        var audit = await new HostAuditor(new FreshnessChecker(_ => _registry), options).AuditAsync(_engine, "1.45", default);
        var report = HostAuditReport.Merge(Now, [audit]);
        using var buffer = new MemoryStream();
        HostAuditJsonWriter.Write(report, buffer);
        using var table = new StringWriter();
        HostAuditTableWriter.Write(report, table);

        // Then
        Assert.All(audit.Containers, c => Assert.Equal(new ImageVulnerabilities(1, 2, 0, 3, 1), c.Vulnerabilities));
        Assert.Equal(7, Assert.Single(audit.Images).Vulnerabilities!.Total);
        Assert.Equal([oldId], scanner.Scanned);
        var json = JsonDocument.Parse(buffer.ToArray()).RootElement;
        var counts = json.GetProperty("images")[0].GetProperty("vulnerabilities");
        Assert.Equal([1, 2, 0, 3, 1], new[] { "critical", "high", "medium", "low", "unknown" }.Select(k => counts.GetProperty(k).GetInt32()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("containers")[0].GetProperty("vulnerabilityError").ValueKind);
        Assert.Contains("\t1/2/0/3/1\t", table.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditAsync_ScanFailsOrNoDatabase_NotApplicableWithReasonAuditStillDone()
    {
        // Given
        StaleSetUp();
        var failing = new HostAuditOptions { Clock = new ManualTimeProvider(Now), Vulnerabilities = new FakeVulnerabilityScanner() };
        var noDatabase = new HostAuditOptions { Clock = new ManualTimeProvider(Now), VulnerabilitiesUnavailable = "no vulnerability database at /x/vuln.db" };

        // When
        var failed = await new HostAuditor(new FreshnessChecker(_ => _registry), failing).AuditAsync(_engine, "1.45", default);
        var missing = await new HostAuditor(new FreshnessChecker(_ => _registry), noDatabase).AuditAsync(_engine, "1.45", default);
        using var table = new StringWriter();
        HostAuditTableWriter.Write(HostAuditReport.Merge(Now, [missing]), table);

        // Then
        var svc = Assert.Single(failed.Containers);
        Assert.True(svc.Stale);
        Assert.Null(svc.Vulnerabilities);
        Assert.StartsWith("scan failed: ", svc.VulnerabilityError, StringComparison.Ordinal);
        Assert.Equal("no vulnerability database at /x/vuln.db", Assert.Single(missing.Containers).VulnerabilityError);
        Assert.Contains("\tn/a\t", table.ToString(), StringComparison.Ordinal);
        Assert.Contains("vulnerabilities n/a: no vulnerability database at /x/vuln.db", table.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditAsync_ScanFails_MarkedFailedNotBareNotApplicable_ListedAsNotChecked()
    {
        // Given
        StaleSetUp();
        var failing = new HostAuditOptions { Clock = new ManualTimeProvider(Now), Vulnerabilities = new FakeVulnerabilityScanner() };
        var noDatabase = new HostAuditOptions { Clock = new ManualTimeProvider(Now), VulnerabilitiesUnavailable = "no vulnerability database at /x/vuln.db" };

        // When
        var failed = HostAuditReport.Merge(Now, [await new HostAuditor(new FreshnessChecker(_ => _registry), failing).AuditAsync(_engine, "1.45", default)]);
        var missing = HostAuditReport.Merge(Now, [await new HostAuditor(new FreshnessChecker(_ => _registry), noDatabase).AuditAsync(_engine, "1.45", default)]);
        using var table = new StringWriter();
        HostAuditTableWriter.Write(failed, table);

        // Then: a failed scan is a gap the audit names; no database is not
        var svc = Assert.Single(failed.Containers);
        Assert.True(svc.VulnerabilityScanFailed);
        var line = Assert.Single(failed.FailedScans());
        Assert.StartsWith($"{svc.Host} {svc.ImageId}: scan failed: ", line, StringComparison.Ordinal);
        Assert.Contains("\tscan failed\t", table.ToString(), StringComparison.Ordinal);
        Assert.Contains("vulnerabilities not checked: " + line, table.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\tn/a\t", table.ToString(), StringComparison.Ordinal);
        Assert.Empty(missing.FailedScans());
        Assert.False(Assert.Single(missing.Containers).VulnerabilityScanFailed);
    }

    /// <summary>Counts by image id; an image it does not know fails as a real scan would (one-line DrydockException).</summary>
    private sealed class FakeVulnerabilityScanner : Dictionary<string, ImageVulnerabilities>, IImageVulnerabilityScanner
    {
        public List<string> Scanned { get; } = [];

        public Task<ImageVulnerabilities> ScanAsync(Drydock.Hosts.IDockerEngine engine, string imageId, CancellationToken cancellationToken)
        {
            Scanned.Add(imageId);
            return TryGetValue(imageId, out var counts) ? Task.FromResult(counts) : throw new DrydockException($"docker engine {engine.Host}: export image {imageId}: 500 boom");
        }
    }
}
