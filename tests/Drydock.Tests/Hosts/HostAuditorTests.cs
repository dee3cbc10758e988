using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Freshness;
using Drydock.Hosts.Audit;
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
        var auditor = new HostAuditor(new FreshnessChecker(_ => _registry), new HostAuditOptions { Now = Now, MaxAgeDays = 30 });

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
        var audit = await new HostAuditor(new FreshnessChecker(_ => _registry), new HostAuditOptions { Now = Now }).AuditAsync(_engine, "1.45", default);

        // Then
        Assert.True(Assert.Single(audit.Containers).Dangling);
        Assert.True(Assert.Single(audit.Images).Dangling);
    }

    [Fact]
    public async Task JsonWriter_MergedReport_DocumentedShape()
    {
        // Given
        StaleSetUp();
        var audit = await new HostAuditor(new FreshnessChecker(_ => _registry), new HostAuditOptions { Now = Now }).AuditAsync(_engine, "1.45", default);
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
    }
}
