using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Freshness;
using Drydock.Hosts;
using Drydock.Hosts.Audit;
using Drydock.Policy;
using Drydock.Reports;
using Drydock.Tests.Builders;
using Drydock.Tests.Freshness;

namespace Drydock.Tests.Hosts;

/// <summary>
/// The daemon findings of a host audit: insecure registries from <c>/info</c> RegistryConfig (CIS-4.2, with the
/// policy's <c>insecureRegistriesAllowed</c>), content trust the policy asks for (CIS-4.5), and the engine's release
/// branch against the dated end-of-life table (DRYDOCK-ENGINE-EOL).
/// </summary>
public sealed class EngineFindingsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The RegistryConfig of a dockerd started with <c>--insecure-registry registry.internal:5000 --insecure-registry 10.0.0.0/8 --registry-mirror http://mirror.lan:5000</c>.</summary>
    private static JsonObject Info() => JsonNode.Parse("""
        {
          "ID": "X", "ServerVersion": "20.10.24+dfsg1",
          "RegistryConfig": {
            "AllowNondistributableArtifactsCIDRs": [], "AllowNondistributableArtifactsHostnames": [],
            "InsecureRegistryCIDRs": ["10.0.0.0/8", "127.0.0.0/8", "::1/128"],
            "IndexConfigs": {
              "docker.io": { "Name": "docker.io", "Mirrors": ["http://mirror.lan:5000/"], "Secure": true, "Official": true },
              "registry.internal:5000": { "Name": "registry.internal:5000", "Mirrors": [], "Secure": false, "Official": false }
            },
            "Mirrors": ["http://mirror.lan:5000/"]
          }
        }
        """)!.AsObject();

    private static JsonObject Version() => JsonNode.Parse("""{ "Version": "20.10.24+dfsg1", "ApiVersion": "1.41", "MinAPIVersion": "1.12" }""")!.AsObject();

    [Fact]
    public void From_InfoWithInsecureRegistryCidrAndHttpMirror_ReadsEachOnce()
    {
        // When
        var daemon = EngineDaemon.From(Info(), Version(), podman: false);

        // Then
        Assert.Equal("docker", daemon.Product);
        Assert.Equal("20.10.24+dfsg1", daemon.Version);
        Assert.Equal("1.41", daemon.ApiVersion);
        Assert.Equal(["registry.internal:5000"], daemon.InsecureRegistries);
        Assert.Equal(["10.0.0.0/8", "127.0.0.0/8", "::1/128"], daemon.InsecureCidrs);
        Assert.Equal(["http://mirror.lan:5000/"], daemon.PlainHttpMirrors);
    }

    [Fact]
    public void For_InsecureRegistryCidrAndMirror_Cis42FailsNamingEach()
    {
        // When
        var findings = EngineFindings.For(EngineDaemon.From(Info(), Version(), false), DrydockPolicy.Default, [], Now);

        // Then
        var cis42 = Assert.Single(findings, f => f.Id == "CIS-4.2");
        Assert.Equal("fail", cis42.Outcome);
        Assert.Contains("registry.internal:5000", cis42.Reason, StringComparison.Ordinal);
        Assert.Contains("CIDR 10.0.0.0/8", cis42.Reason, StringComparison.Ordinal);
        Assert.Contains("mirror http://mirror.lan:5000/", cis42.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.0/8", cis42.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("::1/128", cis42.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void For_OnlyRegistriesThePolicyAccepts_Cis42PassesNamingThem()
    {
        // Given: the registry by host:port, the mirror by host (any port); no CIDR beyond loopback
        var info = Info();
        info["RegistryConfig"]!["InsecureRegistryCIDRs"] = new JsonArray("127.0.0.0/8");
        var policy = DrydockPolicy.Default with { InsecureRegistriesAllowed = ["registry.internal:5000", "mirror.lan"] };

        // When
        var cis42 = EngineFindings.For(EngineDaemon.From(info, Version(), false), policy, [], Now).Single(f => f.Id == "CIS-4.2");

        // Then
        Assert.Equal("pass", cis42.Outcome);
        Assert.Contains("accepted by insecureRegistriesAllowed: registry.internal:5000, mirror http://mirror.lan:5000/", cis42.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void For_SecureEngine_Cis42Passes()
    {
        // Given: what a default dockerd answers
        var info = JsonNode.Parse("""{ "RegistryConfig": { "InsecureRegistryCIDRs": ["127.0.0.0/8"], "IndexConfigs": { "docker.io": { "Name": "docker.io", "Secure": true } } } }""")!.AsObject();

        // When
        var cis42 = EngineFindings.For(EngineDaemon.From(info, null, false), DrydockPolicy.Default, [], Now).Single(f => f.Id == "CIS-4.2");

        // Then
        Assert.Equal("pass", cis42.Outcome);
        Assert.Equal("the engine declares no insecure registry beyond loopback", cis42.Reason);
    }

    [Theory]
    [InlineData("20.10.24+dfsg1", "1.41", "2026-03-01", "fail", "reached end of life on 2023-12-10")]
    [InlineData("28.5.1", "1.51", "2025-11-20", "pass", "branch 28.x (released 2025-02-19) is maintained until 2025-12-10")]
    [InlineData("28.5.1", "1.51", "2026-03-01", "fail", "branch 28.x (released 2025-02-19) reached end of life on 2025-12-10")]
    [InlineData("29.0.1", "1.52", "2026-03-01", "pass", "was maintained on 2025-11-10, the table's date")]
    [InlineData("30.1.0", "1.53", "2026-03-01", "unknown", "newer than the end-of-life table")]
    [InlineData("18.09.1", "1.39", "2026-03-01", "fail", "older than 20.10")]
    [InlineData("dev", "1.46", "2026-03-01", "fail", "branch 27.x")]
    [InlineData("21.3.0", "1.41", "2026-03-01", "unknown", "names a known release branch")]
    public void Assess_EngineVersionOnDate_OutcomeFromTheDatedTable(string version, string api, string today, string outcome, string reason)
    {
        // When
        var (actual, why) = DockerEngineLifecycle.Assess(version, api, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));

        // Then
        Assert.Equal(outcome, actual);
        Assert.Contains(reason, why, StringComparison.Ordinal);
        Assert.Contains(version, why, StringComparison.Ordinal);
    }

    [Fact]
    public void For_Podman_EndOfLifeUnknownSaysWhy()
    {
        // When
        var eol = EngineFindings.For(new EngineDaemon { Product = "podman", Version = "4.3.1", ApiVersion = "1.41" }, DrydockPolicy.Default, [], Now)
            .Single(f => f.Id == EngineFindings.EndOfLifeId);

        // Then
        Assert.Equal("unknown", eol.Outcome);
        Assert.Contains("podman 4.3.1", eol.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void For_ContentTrustRuleCoversARunningImage_Cis45FailsNamingTheContainerOthersPass()
    {
        // Given
        var rule = new ContentTrustRule("registry.example.com/team/*", new Uri("https://notary.example.com:4443"), null, [], false);
        var policy = DrydockPolicy.Default with { ContentTrust = [rule] };
        var daemon = new EngineDaemon { Product = "docker", Version = "29.0.1", ApiVersion = "1.52" };

        // When
        var covered = EngineFindings.For(daemon, policy, [Container("web", "registry.example.com/team/web:1"), Container("db", "postgres:16")], Now);
        var uncovered = EngineFindings.For(daemon, policy, [Container("db", "postgres:16")], Now);
        var noRules = EngineFindings.For(daemon, DrydockPolicy.Default, [Container("web", "registry.example.com/team/web:1")], Now);

        // Then
        var fail = Assert.Single(covered, f => f.Id == "CIS-4.5");
        Assert.Equal("fail", fail.Outcome);
        Assert.Contains("web (registry.example.com/team/web:1)", fail.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("postgres", fail.Reason, StringComparison.Ordinal);
        Assert.Equal("pass", Assert.Single(uncovered, f => f.Id == "CIS-4.5").Outcome);
        Assert.DoesNotContain(noRules, f => f.Id == "CIS-4.5");
    }

    [Fact]
    public async Task AuditAsync_EngineWithInsecureRegistry_FindingsInHostJsonAndTable()
    {
        // Given
        var engine = new FakeDockerEngine { Daemon = EngineDaemon.From(Info(), Version(), false) };
        var auditor = new HostAuditor(new FreshnessChecker(_ => new FakeRegistryLookup()), new HostAuditOptions { Clock = new ManualTimeProvider(Now) });

        // When
        var report = HostAuditReport.Merge(Now, [await auditor.AuditAsync(engine, "1.41", default)]);
        using var buffer = new MemoryStream();
        HostAuditJsonWriter.Write(report, buffer);
        using var table = new StringWriter();
        HostAuditTableWriter.Write(report, table);

        // Then
        var host = JsonDocument.Parse(buffer.ToArray()).RootElement.GetProperty("hosts")[0];
        Assert.Equal("20.10.24+dfsg1", host.GetProperty("engine").GetProperty("version").GetString());
        Assert.Equal(["registry.internal:5000"], host.GetProperty("engine").GetProperty("insecureRegistries").EnumerateArray().Select(e => e.GetString()));
        var findings = host.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("outcome").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["CIS-4.2"] = "fail", [EngineFindings.EndOfLifeId] = "fail" }, findings);
        Assert.Contains("fake://engine\tengine CIS-4.2 fail: the engine pulls over plain HTTP or unverified TLS from registry.internal:5000", table.ToString(), StringComparison.Ordinal);
    }

    private static AuditedContainer Container(string name, string image) => new() { Host = "h", Name = name, Id = name, Image = image, ImageId = "sha256:" + name };
}
