using System.Text.Json;
using Drydock.Controls;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Scanning;
using Drydock.Scanning.Gate;
using Drydock.Tests.Builders;
using Drydock.Vulnerabilities;

namespace Drydock.Tests.Scanning;

public sealed class GateEvaluatorTests
{
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private static readonly ImageInventory Inventory = new()
    {
        Os = new OsInfo { Family = "debian", Version = "12" },
        Packages =
        [
            Pkg(PackageType.Deb, "pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12"),
            Pkg(PackageType.Deb, "pkg:deb/debian/zlib1g@1.2.13?arch=amd64&distro=debian-12"),
            Pkg(PackageType.Npm, "pkg:npm/lodash@4.17.20"),
        ],
    };

    private static readonly Finding[] Findings =
    [
        F("CVE-2024-0001", "pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12", Severity.Critical, "3.0.13-1", published: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        F("CVE-2024-0002", "pkg:deb/debian/zlib1g@1.2.13?arch=amd64&distro=debian-12", Severity.High, null, VulnerabilityStatus.WillNotFix),
        F("CVE-2026-9999", "pkg:npm/lodash@4.17.20", Severity.High, "4.17.21", published: new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), aliases: ["GHSA-xxxx-yyyy-zzzz"]),
        F("CVE-2024-0003", "pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12", Severity.Low, "3.0.13-1"),
    ];

    private static readonly GateOptions CriticalHigh = new()
    {
        Severities = new HashSet<Severity> { Severity.Critical, Severity.High },
        ExitCode = 1,
    };

    [Fact]
    public void Evaluate_SeverityFilter_ReportsOnlyThoseAndFails()
    {
        // When
        var (findings, gate, _) = Run(CriticalHigh);

        // Then
        Assert.Equal(["CVE-2024-0001", "CVE-2024-0002", "CVE-2026-9999"], findings.Select(f => f.VulnerabilityId));
        Assert.False(gate.Passed);
        Assert.Equal(1, gate.ExitCode);
        Assert.Equal("3 vulnerabilities (1 CRITICAL, 2 HIGH; 2 fixable)", gate.Reasons.Single());
    }

    [Fact]
    public void Evaluate_IgnoreUnfixedAndPkgTypes_DropFindings()
    {
        var (findings, gate, _) = Run(CriticalHigh with { IgnoreUnfixed = true, PackageTypes = new HashSet<string> { "os" } });
        Assert.Equal(["CVE-2024-0001"], findings.Select(f => f.VulnerabilityId));
        Assert.False(gate.Passed);
    }

    [Fact]
    public void Evaluate_IgnoreStatus_DropsThatStatus()
    {
        var (findings, _, _) = Run(CriticalHigh with { IgnoreStatuses = new HashSet<VulnerabilityStatus> { VulnerabilityStatus.WillNotFix } });
        Assert.DoesNotContain(findings, f => f.VulnerabilityId == "CVE-2024-0002");
    }

    [Fact]
    public void Evaluate_WaiversVexBaselineMinAge_SuppressEverythingAndPass()
    {
        // Given
        var waivers = IgnoreFileParser.Parse(
            ["# accepted", "CVE-2024-0001 exp:2027-01-01 owner:alice reason:\"not reachable\"", "CVE-2024-0002 exp:2020-01-01 # expired"], ".drydockignore");
        var vex = OpenVexParser.Parse(JsonDocument.Parse("""
            {"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"CVE-2024-0002"},
             "products":[{"@id":"pkg:oci/app","subcomponents":[{"@id":"pkg:deb/debian/zlib1g"}]}],
             "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}
            """).RootElement);
        var options = CriticalHigh with { Waivers = waivers, Vex = vex, MinAgeDays = 7 };

        // When
        var (findings, gate, warnings) = Run(options);

        // Then
        Assert.True(gate.Passed);
        Assert.Equal(0, gate.ExitCode);
        var s = findings.ToDictionary(f => f.VulnerabilityId, f => f.Suppression);
        Assert.Equal(new Suppression("waiver", "not reachable", "alice", new DateOnly(2027, 1, 1)), s["CVE-2024-0001"]);
        Assert.Equal("vex", s["CVE-2024-0002"]!.Kind);
        Assert.Equal("vulnerable_code_not_in_execute_path", s["CVE-2024-0002"]!.Justification);
        Assert.Equal("min-age", s["CVE-2026-9999"]!.Kind);
        Assert.Contains(warnings, w => w.Contains("CVE-2024-0002", StringComparison.Ordinal) && w.Contains("expired", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_Baseline_FailsOnlyOnNewFindings()
    {
        var baseline = new HashSet<string>
        {
            Purls.BaselineKey("CVE-2024-0001", "pkg:deb/debian/openssl@3.0.11-1", "x"),
            Purls.BaselineKey("CVE-2024-0002", "pkg:deb/debian/zlib1g@1.2.13", "x"),
        };
        var (_, gate, _) = Run(CriticalHigh with { Baseline = baseline });
        Assert.False(gate.Passed);
        Assert.Equal("1 vulnerability (1 HIGH; 1 fixable)", gate.Reasons.Single());
    }

    [Fact]
    public void Evaluate_BaselineFromReport_VersionBumpStillCarryingCveIsNotNew()
    {
        // Given: the baseline report accepted CVE-2026-1 in lodash 4.17.20 under app/
        var path = Path.Combine(Path.GetTempPath(), $"drydock-baseline-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            {"packages":[{"purl":"pkg:npm/lodash@4.17.20","foundIn":"app/node_modules/lodash/package.json"}],
             "findings":[{"vulnerabilityId":"CVE-2026-1","packagePurl":"pkg:npm/lodash@4.17.20"}]}
            """);
        var baseline = BaselineLoader.Load(path);
        File.Delete(path);
        const string Bumped = "pkg:npm/lodash@4.17.21";
        const string Vendored = "pkg:npm/lodash@4.17.19";
        var inventory = new ImageInventory
        {
            Os = new OsInfo { Family = "debian", Version = "12" },
            Packages =
            [
                new() { Type = PackageType.Npm, Name = "lodash", Version = "4.17.21", Purl = Bumped, FoundIn = "app/node_modules/lodash/package.json", LayerIndex = 1 },
                new() { Type = PackageType.Npm, Name = "lodash", Version = "4.17.19", Purl = Vendored, FoundIn = "opt/tool/node_modules/lodash/package.json", LayerIndex = 1 },
            ],
        };
        Finding[] findings = [F("CVE-2026-1", Bumped, Severity.High, null), F("CVE-2026-2", Bumped, Severity.High, null), F("CVE-2026-1", Vendored, Severity.High, null)];

        // When
        var (kept, gate, _) = GateEvaluator.Evaluate(findings, [], inventory, endOfLife: false, null, CriticalHigh with { Baseline = baseline }, Clock);

        // Then: the bump keeps its accepted CVE; a new CVE and the same CVE in another copy are new
        Assert.Equal([("CVE-2026-1", Bumped, "baseline"), ("CVE-2026-2", Bumped, null), ("CVE-2026-1", Vendored, null)],
            kept.Select(f => (f.VulnerabilityId, f.PackagePurl, f.Suppression?.Kind)));
        Assert.False(gate.Passed);
        Assert.StartsWith("2 vulnerabilities (2 HIGH", gate.Reasons.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FailedControlAndEndOfLifeAndMaxAge_EachGiveAReason()
    {
        // Given
        var controls = new[]
        {
            new ControlResult { Id = "CIS-4.1", Title = "t", Outcome = ControlOutcome.Fail, Severity = Severity.High, Summary = "runs as root" },
            new ControlResult { Id = "CIS-4.6", Title = "t", Outcome = ControlOutcome.Fail, Severity = Severity.Low, Summary = "no healthcheck" },
        };
        var options = CriticalHigh with { Severities = new HashSet<Severity> { Severity.High }, MaxImageAgeDays = 30, IgnoreUnfixed = true };

        // When
        var (_, gate, _) = GateEvaluator.Evaluate([], controls, Inventory, endOfLife: true, Clock.GetUtcNow().AddDays(-45), options, Clock);

        // Then
        Assert.Equal(
            ["CIS-4.1 failed: runs as root", "the OS (debian 12) is past its end of life", "the image was built 45 days ago, over the maximum age of 30 days"],
            gate.Reasons);
    }

    [Fact]
    public void Evaluate_WaivedControlAndEol_Pass()
    {
        var controls = new[] { new ControlResult { Id = "CIS-4.1", Title = "t", Outcome = ControlOutcome.Fail, Severity = Severity.High, Summary = "root" } };
        var waivers = IgnoreFileParser.Parse(["CIS-4.1 owner:ops reason:\"legacy\"", "DRYDOCK-EOL exp:2027-06-30"], "x");
        var (_, gate, _) = GateEvaluator.Evaluate([], controls, Inventory, endOfLife: true, null, CriticalHigh with { Waivers = waivers }, Clock);
        Assert.True(gate.Passed);
    }

    [Theory]
    [InlineData("CVE-1 exp:2024-13-01", "invalid expiry")]
    [InlineData("not an id", "is not a vulnerability or control id")]
    [InlineData("CVE-2024-1 bogus", "unexpected 'bogus'")]
    public void IgnoreFileParser_BadLine_NamesFileAndLine(string line, string message)
    {
        var e = Assert.Throws<UsageException>(() => IgnoreFileParser.Parse(["# c", line], ".drydockignore"));
        Assert.StartsWith(".drydockignore:2: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    private static (IReadOnlyList<Finding>, GateResult, IReadOnlyList<string>) Run(GateOptions options) =>
        GateEvaluator.Evaluate(Findings, [], Inventory, endOfLife: false, null, options, Clock);

    private static Package Pkg(PackageType type, string purl) =>
        new() { Type = type, Name = purl, Version = "1", Purl = purl, FoundIn = "x", LayerIndex = 0 };

    private static Finding F(string id, string purl, Severity severity, string? fixedIn, VulnerabilityStatus? status = null,
        DateTimeOffset? published = null, string[]? aliases = null) => new()
        {
            VulnerabilityId = id,
            Aliases = aliases ?? [],
            PackagePurl = purl,
            PackageName = purl,
            InstalledVersion = "1",
            FixedVersion = fixedIn,
            Status = status ?? (fixedIn is null ? VulnerabilityStatus.Affected : VulnerabilityStatus.Fixed),
            Severity = severity,
            DataSource = "test",
            LayerIndex = 0,
            Published = published,
        };
}
