using Drydock.Controls;
using Drydock.Freshness;
using Drydock.Images;
using Drydock.Images.Targets;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Scanning;
using Drydock.Scanning.Cache;
using Drydock.Scanning.Gate;
using Drydock.Scanning.Pipeline;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>
/// The whole pipeline, assembled from parts the test supplies (issue 12, item 1): an image built in memory, an advisory
/// store of a few rows, a layer cache in a dictionary and registry services that answer from memory. No disk, no network.
/// </summary>
public sealed class AssembledPipelineTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Digest ManifestDigest = Digest.Sha256("manifest"u8);

    /// <summary>Debian 12 with an outdated libssl3, run as root (CIS 4.1), as <c>example.test/app:1</c>.</summary>
    private static MemoryImage Debian12AsRoot() => new MemoryImage
    {
        Source = "registry:example.test/app:1",
        Reference = ImageReference.Parse("example.test/app:1"),
        ManifestDigest = ManifestDigest,
        Config = new ImageConfig { Os = "linux", Architecture = "amd64", Created = Now.AddDays(-3), Config = new ContainerConfig { User = "" } },
    }.Layer(ScanCoverageTests.Debian12());

    private static MemoryAdvisoryStore OpensslAdvisory() => new(ScanCoverageTests.Row("debian:12", "openssl", "CVE-2024-1", "3.0.11-1"));

    private static ScannerParts Parts(MemoryImage image, MemoryAdvisoryStore? store = null, RegistryServices? registry = null, MemoryLayerCache? cache = null) => new()
    {
        Analyzers = Analyzers.All,
        Controls = ControlCatalog.All,
        Matchers = ScannerParts.Default(new ScannerSettings()).Matchers,
        Advisories = store is null ? null : store.Open,
        Registry = registry,
        LayerCache = cache is null ? null : cache.Open,
        Images = new MemoryImageOpener(image),
        Clock = new FixedTimeProvider(Now),
    };

    private static ScanRequest Request(string target = "registry:example.test/app:1") => new()
    {
        Target = TargetParser.Parse(target),
        Gate = new GateOptions { Severities = new HashSet<Severity>([Severity.High]), ExitCode = 1, FailOnEndOfLife = false },
        Freshness = FreshnessMode.Auto,
    };

    [Fact]
    public async Task ScanAsync_FakeParts_InventoryFindingsControlsAndGateVerdict()
    {
        // Given
        var image = Debian12AsRoot();
        var store = OpensslAdvisory();
        var registry = new FakeRegistryServices { Freshness = _ => new FreshnessResult(null, "The fake registry has no such tag.") };
        using var scanner = new ImageScanner(Parts(image, store, registry.Services()));

        // When
        var report = await scanner.ScanAsync(Request(), CancellationToken.None);

        // Then: inventory → findings → controls → gate, stamped with the parts' clock
        Assert.Equal(("debian", "12"), (report.Inventory.Os.Family, report.Inventory.Os.Version));
        Assert.Equal("libssl3", Assert.Single(report.Inventory.Packages).Name);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("CVE-2024-1", "3.0.11-1", Severity.High), (finding.VulnerabilityId, finding.FixedVersion, finding.Severity));
        Assert.Equal((1, MemoryAdvisoryStore.BuiltAt, "memory"), (report.Database!.SchemaVersion, report.Database.BuiltAt, Assert.Single(report.Database.Feeds)));
        Assert.Equal(ControlOutcome.Fail, report.Controls.Single(c => c.Id == "CIS-4.1").Outcome);
        var freshness = report.Controls.Single(c => c.Id == ControlCatalog.FreshnessControlId);
        Assert.Equal((ControlOutcome.Skip, "The fake registry has no such tag."), (freshness.Outcome, freshness.Summary));
        Assert.False(report.Gate!.Passed);
        Assert.Equal(1, report.Gate.ExitCode);
        Assert.Equal("1 vulnerability (1 HIGH; 1 fixable)", report.Gate.Reasons[0]);
        Assert.Contains(report.Gate.Reasons, r => r.StartsWith("CIS-4.1 failed: ", StringComparison.Ordinal));
        Assert.Equal(Now, report.GeneratedAt);
        Assert.True(report.Coverage.Complete);
        Assert.Equal(["freshness example.test/app:1", $"signatures example.test/app:1 {ManifestDigest}"], registry.Asked);
        Assert.Equal(1, store.Opens);
    }

    [Fact]
    public async Task ScanAsync_OfflineScanner_SaysWhyFreshnessAndSignaturesWereSkipped()
    {
        // Given: the same registry target, a scanner assembled without registry services
        using var scanner = new ImageScanner(Parts(Debian12AsRoot()));

        // When
        var report = await scanner.ScanAsync(Request(), CancellationToken.None);

        // Then
        var freshness = report.Controls.Single(c => c.Id == ControlCatalog.FreshnessControlId);
        Assert.Equal((ControlOutcome.Skip, "Freshness was not looked up: this scanner has no registry access (offline)."), (freshness.Outcome, freshness.Summary));
        foreach (var id in new[] { "CIS-4.5", "CIS-4.12" })
        {
            var signatures = report.Controls.Single(c => c.Id == id);
            Assert.Equal((ControlOutcome.Skip, "Signatures were not looked up: this scanner has no registry access (offline)."), (signatures.Outcome, signatures.Summary));
        }
        Assert.Null(report.Freshness);
        Assert.Null(report.Database);
        Assert.DoesNotContain(report.Coverage.Gaps, g => g.Kind == "freshness");
    }

    [Fact]
    public async Task ScanAsync_WhatTheRequestDoesNotAskFor_IsNotRun()
    {
        // Given: a local target (freshness auto looks up registry and engine targets only), no controls, no matching
        var image = Debian12AsRoot();
        var store = OpensslAdvisory();
        var registry = new FakeRegistryServices();
        using var scanner = new ImageScanner(Parts(image, store, registry.Services()));

        // When
        var report = await scanner.ScanAsync(Request("oci:/nowhere:1") with { RunControls = false, MatchVulnerabilities = false }, CancellationToken.None);

        // Then: the inventory alone; no registry asked, no database opened
        Assert.Single(report.Inventory.Packages);
        Assert.Empty(report.Controls);
        Assert.Empty(report.Findings);
        Assert.Empty(registry.Asked);
        Assert.Equal(0, store.Opens);
        Assert.True(report.Gate!.Passed);
    }

    [Fact]
    public async Task LayerCacheKey_AssembledAnalyzersChange_KeyChangesAndTheLayerIsReadAgain()
    {
        // Given: one cache shared by a scanner with every analyzer and one without the dpkg analyzer
        var image = Debian12AsRoot();
        var cache = new MemoryLayerCache();
        var full = Parts(image, cache: cache);
        using var everyAnalyzer = new ImageScanner(full);
        using var withoutDpkg = new ImageScanner(full with { Analyzers = [.. Analyzers.All.Where(a => a.Id != "dpkg-status")] });
        var request = Request() with { RunControls = false };

        // When
        await everyAnalyzer.ScanAsync(request, CancellationToken.None);
        var storedFor = LayerContentsSerializer.ReadFor(Assert.Single(cache.Records).Value);
        await everyAnalyzer.ScanAsync(request, CancellationToken.None);
        var opensAfterWarmRun = image.LayerOpens;
        var narrower = await withoutDpkg.ScanAsync(request, CancellationToken.None);

        // Then: the key is the assembled analyzers' interests; a narrower set is served from the wider record, and a
        // record read for the narrower set does not serve the wider one
        Assert.Equal(everyAnalyzer.LayerInterests(runControls: false), storedFor!.Order(StringComparer.Ordinal));
        Assert.NotEqual(everyAnalyzer.LayerInterests(runControls: false), withoutDpkg.LayerInterests(runControls: false));
        Assert.Contains("analyzer:dpkg-status@", string.Join(",", everyAnalyzer.LayerInterests(false)), StringComparison.Ordinal);
        Assert.DoesNotContain("analyzer:dpkg-status@", string.Join(",", withoutDpkg.LayerInterests(false)), StringComparison.Ordinal);
        Assert.Equal(1, opensAfterWarmRun);
        Assert.Equal(opensAfterWarmRun, image.LayerOpens);
        Assert.Empty(narrower.Inventory.Packages);

        cache.Records.Clear();
        await withoutDpkg.ScanAsync(request, CancellationToken.None);
        var wide = await everyAnalyzer.ScanAsync(request, CancellationToken.None);
        Assert.Equal(3, image.LayerOpens);
        Assert.Single(wide.Inventory.Packages);
    }

    [Fact]
    public void LayerInterests_ControlsRun_IncludeTheAssembledControlsOnly()
    {
        // Given
        var parts = Parts(Debian12AsRoot()) with { Controls = [.. ControlCatalog.All.Where(c => c.Id == "CIS-4.10")] };
        using var scanner = new ImageScanner(parts);

        // When
        var withControls = scanner.LayerInterests(runControls: true);
        var without = scanner.LayerInterests(runControls: false);

        // Then
        Assert.Equal(["control:CIS-4.10"], withControls.Except(without));
        Assert.Equal(without.Count + 1, withControls.Count);
    }
}
