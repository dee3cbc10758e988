using System.Text.Json.Nodes;
using Drydock.Hosts.Audit;
using Drydock.Reports;

namespace Drydock.Tests.Reports;

public sealed class HostAuditSarifWriterTests
{
    private const string Host = "unix:///run/docker.sock";

    private static HostAuditReport Sample() => new(
        new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
        [
            new AuditedHost(Host, "1.47", null)
            {
                Findings =
                [
                    new AuditVerdict("CIS-4.2", AuditVerdicts.Fail, "the engine pulls over plain HTTP or unverified TLS from registry.lan:5000"),
                    new AuditVerdict(EngineFindings.EndOfLifeId, AuditVerdicts.Pass, "docker 29.0 is maintained"),
                ],
            },
            new AuditedHost("tcp://down:2376", null, "connection refused"),
        ],
        [
            new AuditedContainer
            {
                Host = Host, Name = "web", Id = "c1", Image = "app:1", ImageId = "sha256:aaaa", Stale = true,
                Vulnerabilities = new ImageVulnerabilities(0, 2, 1, 0, 0),
                Verdicts = [new AuditVerdict("DRYDOCK-STALE", AuditVerdicts.Fail, "app:1 now names sha256:bbbb"), new AuditVerdict("DRYDOCK-DANGLING", AuditVerdicts.Pass, "the image is tagged")],
            },
            new AuditedContainer
            {
                Host = Host, Name = "db", Id = "c2", Image = "pg:16", ImageId = "sha256:cccc", Stale = false, Vulnerabilities = new ImageVulnerabilities(0, 0, 0, 0, 0),
                Verdicts = [new AuditVerdict("DRYDOCK-STALE", AuditVerdicts.Pass, "pg:16 still names the image in use")],
            },
        ],
        [
            new AuditedImage { Host = Host, Id = "sha256:dddd", RepoTags = ["old:1"], Vulnerabilities = new ImageVulnerabilities(1, 0, 0, 0, 0) },
            new AuditedImage { Host = Host, Id = "sha256:aaaa", RepoTags = ["app:1"], Containers = ["web"], Vulnerabilities = new ImageVulnerabilities(0, 2, 1, 0, 0) },
        ]);

    private static JsonNode Render(HostAuditReport report)
    {
        using var stream = new MemoryStream();
        HostAuditSarifWriter.Write(report, stream);
        return JsonNode.Parse(stream.ToArray())!;
    }

    [Fact]
    public void Write_FailedChecks_OneRunWithRulesAndResultsLocatedByHostAndContainer()
    {
        // Given an audit with an insecure-registry engine, a stale vulnerable container, a clean one and an unused vulnerable image
        // When
        var sarif = Render(Sample());

        // Then: one SARIF 2.1.0 run, one rule per failed check, each result pointing at its rule and its host/container
        Assert.Equal("2.1.0", sarif["version"]!.GetValue<string>());
        var run = Assert.Single(sarif["runs"]!.AsArray())!;
        Assert.Equal("drydock", run["tool"]!["driver"]!["name"]!.GetValue<string>());
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(new[] { "CIS-4.2", "DRYDOCK-STALE", HostAuditSarifWriter.VulnerableId }, rules.Order(StringComparer.Ordinal));
        var results = run["results"]!.AsArray().Select(r => r!).ToList();
        var located = results.Select(r => (
            Rule: r["ruleId"]!.GetValue<string>(),
            Uri: r["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>(),
            Name: r["locations"]![0]!["logicalLocations"]![0]!["fullyQualifiedName"]!.GetValue<string>(),
            Level: r["level"]!.GetValue<string>())).ToList();
        Assert.Equal(new[]
        {
            ("CIS-4.2", "unix%3A///run/docker.sock", Host, "error"),
            ("DRYDOCK-STALE", "unix%3A///run/docker.sock/web", Host + "/web", "warning"),
            (HostAuditSarifWriter.VulnerableId, "unix%3A///run/docker.sock/web", Host + "/web", "error"),
            (HostAuditSarifWriter.VulnerableId, "unix%3A///run/docker.sock/sha256%3Adddd", Host + "/sha256:dddd", "error"),
        }, located);
        foreach (var r in results) Assert.Equal(r["ruleId"]!.GetValue<string>(), rules[r["ruleIndex"]!.GetValue<int>()]);
        Assert.Contains("3 vulnerabilities (critical 0, high 2, medium 1, low 0, unknown 0)", results[2]["message"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("9.5", run["tool"]!["driver"]!["rules"]![rules.IndexOf(HostAuditSarifWriter.VulnerableId)]!["properties"]!["security-severity"]!.GetValue<string>());
    }

    [Fact]
    public void Write_UnreachableHost_IsAnErrorNotificationAndFingerprintsAreStable()
    {
        // Given / When: the same audit written twice
        var first = Render(Sample());
        var second = Render(Sample());

        // Then: the host that failed is a tool execution notification, and fingerprints do not change between runs
        var invocation = Assert.Single(first["runs"]![0]!["invocations"]!.AsArray())!;
        Assert.True(invocation["executionSuccessful"]!.GetValue<bool>());
        var note = Assert.Single(invocation["toolExecutionNotifications"]!.AsArray())!;
        Assert.Equal("host-unreachable", note["descriptor"]!["id"]!.GetValue<string>());
        Assert.Equal("tcp://down:2376: connection refused", note["message"]!["text"]!.GetValue<string>());
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        var prints = first["runs"]![0]!["results"]!.AsArray().Select(r => r!["partialFingerprints"]!["drydockFindingHash/v1"]!.GetValue<string>()).ToList();
        Assert.Equal(prints.Count, prints.Distinct(StringComparer.Ordinal).Count());
    }
}
