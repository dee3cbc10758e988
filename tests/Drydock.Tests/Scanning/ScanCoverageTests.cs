using Drydock.Inventory;
using Drydock.Model;
using Drydock.Scanning;
using Drydock.Scanning.Gate;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;
using Drydock.Tests.Inventory.RedHat;
using Drydock.Tests.Scanning.Pipeline;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Scanning;

/// <summary>
/// What a scan did not cover reaches the report's coverage section, and <c>FailOnIncomplete</c> fails the gate on it
/// (issue 11, part 5): an OS the database has no rows for, a range that cannot be evaluated, an analyzer that crashes,
/// a freshness lookup that fails (which also fails <c>FailOnStale</c>).
/// </summary>
public sealed class ScanCoverageTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The images here are judged on coverage alone: an end-of-life date passing must not change these verdicts.</summary>
    private static readonly GateOptions Lenient = new() { FailOnEndOfLife = false };

    internal static AffectedPackage Row(string ns, string package, string id, string? fixedVersion, string? scheme = null) => new()
    {
        Namespace = ns,
        Package = package,
        VulnerabilityId = id,
        VersionScheme = scheme ?? AdvisoryNamespaces.SchemeOf(ns) ?? throw new InvalidOperationException("no version scheme for " + ns),
        Fixed = fixedVersion,
        Status = VulnerabilityStatus.Fixed,
        Severity = Severity.High,
        SeveritySource = "test",
        DataSource = "test-feed",
    };

    internal static TarBuilder Debian12() => new TarBuilder()
        .File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
        .File("var/lib/dpkg/status", "Package: libssl3\nStatus: install ok installed\nVersion: 3.0.9-1\nSource: openssl\nArchitecture: amd64\n\n");

    private string Image(TarBuilder layer, TarBuilder? second = null)
    {
        var builder = new ImageBuilder().User("app").Layer(layer);
        if (second is not null) builder.Layer(second);
        builder.WriteOciLayout(_dir.Path("img"), "t");
        return "oci:" + _dir.Path("img") + ":t";
    }

    [Fact]
    public async Task ScanAsync_AmazonLinuxWithoutAmazonRows_NotCoveredSaysWhy_GateFailsOnlyWhenAsked()
    {
        // Given: Amazon Linux 2 with an rpm, and a database holding Debian and Amazon 2023 rows only
        using var db = TestDatabase.From(new AdvisoryRecord(null, [Row("debian:12", "openssl", "CVE-2024-1", "3.0.11-1"), Row("amazon:2023", "bash", "ALAS-1", "5.2-1")]));
        var target = Image(new TarBuilder().File("etc/os-release", "ID=\"amzn\"\nVERSION_ID=\"2\"\nPRETTY_NAME=\"Amazon Linux 2\"\n"));
        using var scanner = TestScanner.With(db.Path, analyzers: [new FakeRpmAnalyzer(("bash", "4.2.46-34.amzn2", 0))]);
        var request = TestScanner.Request(target) with { RunControls = false, Gate = Lenient };

        // When
        var report = await scanner.ScanAsync(request, CancellationToken.None);
        var strict = await scanner.ScanAsync(request with { Gate = Lenient with { FailOnIncomplete = true, ExitCode = 1 } }, CancellationToken.None);

        // Then
        var os = Assert.Single(report.Coverage.Targets);
        Assert.Equal(("os", "amazon 2", 1, "amazon:2", false), (os.Kind, os.Name, os.Packages, os.Namespace, os.Covered));
        Assert.Equal("the database has no advisories for amazon:2 (it has amazon:2023)", os.NotCoveredReason);
        var gap = Assert.Single(report.Coverage.Gaps);
        Assert.Equal("not-covered", gap.Kind);
        Assert.False(report.Coverage.Complete);
        Assert.True(report.Gate!.Passed);
        Assert.False(strict.Gate!.Passed);
        Assert.Equal(1, strict.Gate.ExitCode);
        Assert.Equal(["incomplete: " + gap.Message], strict.Gate.Reasons);
    }

    [Fact]
    public async Task ScanAsync_CoveredOsAndEcosystem_ListsTheirSources_Complete()
    {
        // Given
        using var db = TestDatabase.From(new AdvisoryRecord(null, [Row("debian:12", "openssl", "CVE-2024-1", "3.0.11-1")]));

        // When
        using var scanner = TestScanner.With(db.Path);
        var report = await scanner.ScanAsync(TestScanner.Request(Image(Debian12())) with { RunControls = false }, CancellationToken.None);

        // Then
        var os = Assert.Single(report.Coverage.Targets);
        Assert.Equal(("debian 12", "debian:12", true), (os.Name, os.Namespace, os.Covered));
        Assert.Equal(["test-feed"], os.Sources);
        Assert.True(report.Coverage.Complete);
        Assert.Single(report.Findings);
    }

    [Fact]
    public async Task ScanAsync_RangeWithUnknownScheme_CountedWithAnExample_NotDropped()
    {
        // Given: one row the comparer can judge, one whose scheme has no comparer
        using var db = TestDatabase.From(new AdvisoryRecord(null,
            [Row("debian:12", "openssl", "CVE-2024-1", "3.0.11-1"), Row("debian:12", "openssl", "CVE-2024-2", "3.0.11-1", scheme: "no-such-scheme")]));
        using var scanner = TestScanner.With(db.Path);
        var request = TestScanner.Request(Image(Debian12())) with { RunControls = false, Gate = Lenient };

        // When
        var report = await scanner.ScanAsync(request, CancellationToken.None);
        var strict = await scanner.ScanAsync(request with { Gate = Lenient with { FailOnIncomplete = true, ExitCode = 1, Severities = new HashSet<Severity>([Severity.Critical]) } }, CancellationToken.None);

        // Then
        Assert.Equal(1, report.Coverage.UnevaluatedRanges);
        Assert.Equal("CVE-2024-2 for openssl 3.0.9-1 in debian:12 (no comparer for version scheme 'no-such-scheme')", report.Coverage.UnevaluatedExample);
        var gap = Assert.Single(report.Coverage.Gaps);
        Assert.Equal(("unevaluated-ranges", "1 advisory range could not be evaluated, e.g. " + report.Coverage.UnevaluatedExample), (gap.Kind, gap.Message));
        Assert.Equal(["incomplete: " + gap.Message], strict.Gate!.Reasons);
    }

    [Fact]
    public async Task ScanAsync_AnalyzerCrashes_GapNamesAnalyzerPathAndLayer_GateFailsWhenAsked()
    {
        // Given
        var target = Image(Debian12(), new TarBuilder().File("app/data.lock", "x"));
        using var scanner = TestScanner.With(analyzers: [.. Analyzers.All, new CrashingAnalyzer()]);
        var request = TestScanner.Request(target) with { RunControls = false, Gate = Lenient };

        // When
        var report = await scanner.ScanAsync(request, CancellationToken.None);
        var strict = await scanner.ScanAsync(request with { Gate = Lenient with { FailOnIncomplete = true, ExitCode = 4 } }, CancellationToken.None);

        // Then
        var gap = Assert.Single(report.Coverage.Gaps);
        Assert.Equal(("inventory", "app/data.lock", 1), (gap.Kind, gap.Path, gap.LayerIndex));
        Assert.Contains("analyzer crashing-lock failed: InvalidOperationException: boom", gap.Message, StringComparison.Ordinal);
        Assert.True(report.Gate!.Passed);
        Assert.Equal((false, 4), (strict.Gate!.Passed, strict.Gate.ExitCode));
        Assert.Equal(["incomplete: " + gap.Message], strict.Gate.Reasons);
    }

    [Fact]
    public async Task ScanAsync_RegistryUnreachable_FreshnessGap_FailStaleFails()
    {
        // Given: a freshness lookup that cannot reach the registry
        var registry = new FakeRegistryServices { Freshness = _ => throw new HttpRequestException("Connection refused (127.0.0.1:9)") };
        using var scanner = TestScanner.With(registry: registry.Services());
        var request = TestScanner.Request(Image(Debian12())) with { RunControls = false, Gate = Lenient, Freshness = FreshnessMode.Always };

        // When
        var plain = await scanner.ScanAsync(request, CancellationToken.None);
        var failStale = await scanner.ScanAsync(request with { Gate = Lenient with { FailOnStale = true, ExitCode = 1 } }, CancellationToken.None);

        // Then
        var gap = Assert.Single(plain.Coverage.Gaps);
        Assert.Equal(("freshness", "freshness could not be determined: the registry could not be asked: Connection refused (127.0.0.1:9)"), (gap.Kind, gap.Message));
        Assert.True(plain.Gate!.Passed);
        Assert.False(failStale.Gate!.Passed);
        Assert.Equal(["DRYDOCK-FRESHNESS: " + gap.Message], failStale.Gate.Reasons);
    }

    [Fact]
    public async Task ScanAsync_NoDatabase_NoTargetsAndNoGapForWhatWasNotAsked()
    {
        // When
        using var scanner = TestScanner.With();
        var report = await scanner.ScanAsync(TestScanner.Request(Image(Debian12())) with { RunControls = false }, CancellationToken.None);

        // Then
        Assert.False(report.Coverage.Matched);
        Assert.Empty(report.Coverage.Targets);
        Assert.True(report.Coverage.Complete);
    }

    private sealed class CrashingAnalyzer : IAnalyzer
    {
        public string Id => "crashing-lock";

        public int Version => 1;

        public bool Wants(string path, long size, int mode) => path == "app/data.lock";

        public AnalyzerResult Analyze(AnalysisContext context) =>
            context.FileSystem.HasContent("app/data.lock") ? throw new InvalidOperationException("boom") : AnalyzerResult.Empty;
    }
}
