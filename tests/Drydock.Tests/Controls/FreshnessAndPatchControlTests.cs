using Drydock.Controls;
using Drydock.Freshness;
using Drydock.Model;
using Drydock.Scanning.Gate;
using Drydock.Vulnerabilities;

namespace Drydock.Tests.Controls;

public sealed class FreshnessAndPatchControlTests
{
    private static readonly Cis44PatchedImageControl Cis44 = new();
    private static readonly LatestImageControl Latest = new();

    private static Finding Finding(string id, string package, Severity severity, string? fixedVersion, int layer = 1, Suppression? suppression = null) => new()
    {
        VulnerabilityId = id,
        PackagePurl = $"pkg:deb/debian/{package}@1.0",
        PackageName = package,
        InstalledVersion = "1.0",
        FixedVersion = fixedVersion,
        Status = fixedVersion is null ? VulnerabilityStatus.Affected : VulnerabilityStatus.Fixed,
        Severity = severity,
        DataSource = "debian-tracker",
        LayerIndex = layer,
        Suppression = suppression,
    };

    private static ControlContext Context(IControl control, IReadOnlyList<Finding>? findings = null, FreshnessReport? freshness = null, string? skip = null) =>
        new ControlTestImage().Step("ADD rootfs.tar /").Build(control) with
        {
            Findings = findings,
            DatabaseBuiltAt = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero),
            Freshness = freshness,
            FreshnessSkipReason = skip,
        };

    [Fact]
    public void Cis44_FixableFindings_FailsWithOneEvidencePerPackageAndTheHighestSeverity()
    {
        // Given
        var findings = new[]
        {
            Finding("CVE-1", "openssl", Severity.High, "1.1", layer: 0),
            Finding("CVE-2", "openssl", Severity.Medium, "1.1", layer: 0),
            Finding("CVE-3", "curl", Severity.Critical, "2.0"),
            Finding("CVE-4", "zlib", Severity.Critical, null),
        };

        // When
        var result = Cis44.Evaluate(Context(Cis44, findings));

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal("Rebuild needed: 3 vulnerabilities have fixes (1 CRITICAL, 1 HIGH, 1 MEDIUM) in 2 package(s).", result.Summary);
        Assert.Equal(["curl 1.0 → 2.0 fixes CVE-3 (CRITICAL)", "openssl 1.0 → 1.1 fixes CVE-1 (HIGH), CVE-2 (MEDIUM)"], result.Evidence.Select(e => e.Message));
        Assert.Equal([1, 0], result.Evidence.Select(e => e.LayerIndex ?? -1));
    }

    [Fact]
    public void Cis44_OnlyUnfixedOrWaived_PassesAndCountsTheUnfixed()
    {
        // Given
        var findings = new[]
        {
            Finding("CVE-4", "zlib", Severity.Critical, null),
            Finding("CVE-5", "curl", Severity.High, "2.0", suppression: new Suppression("waiver", "accepted")),
        };

        // When
        var result = Cis44.Evaluate(Context(Cis44, findings));

        // Then
        Assert.Equal(ControlOutcome.Pass, result.Outcome);
        Assert.Equal("Scanned against the database built 2026-11-22: no counted vulnerability has a fix available (1 without a fix).", result.Summary);
    }

    [Fact]
    public void Cis44_BaseMovedOnWithoutFindings_FailsAsMediumRebuild()
    {
        // Given
        var fresh = new FreshnessReport { Reference = "r/app:1", Stale = false, BaseImage = "docker.io/library/debian:12", BaseLatestDigest = "sha256:bb", RebuildNeeded = true };

        // When
        var result = Cis44.Evaluate(Context(Cis44, [], fresh));

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal(Severity.Medium, result.Severity);
        Assert.Contains("base image docker.io/library/debian:12 moved on", result.Summary, StringComparison.Ordinal);
        Assert.Contains("sha256:bb", Assert.Single(result.Evidence).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cis44_NoScan_Skips()
    {
        // When
        var result = Cis44.Evaluate(Context(Cis44, findings: null));

        // Then
        Assert.Equal(ControlOutcome.Skip, result.Outcome);
    }

    [Fact]
    public void Freshness_StaleTag_FailsWithBothIdsAndNewerTags()
    {
        // Given
        var fresh = new FreshnessReport
        {
            Reference = "127.0.0.1:5000/app:1.25.3",
            InUseImageId = "sha256:old",
            LatestImageId = "sha256:new",
            LatestDigest = "sha256:m",
            Stale = true,
            NewerTags = new NewerTagReport("1.25.3", "1.25.4", null, "2.0.0"),
        };

        // When
        var result = Latest.Evaluate(Context(Latest, freshness: fresh));

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Equal("127.0.0.1:5000/app:1.25.3 now names a newer image; pull and redeploy it; newer tags: 1.25.4 (same minor), 2.0.0 (newest).", result.Summary);
        Assert.Equal(["in use: sha256:old", "127.0.0.1:5000/app:1.25.3 now: sha256:new (manifest sha256:m)", "newer tags: 1.25.4 (same minor), 2.0.0 (newest)"], result.Evidence.Select(e => e.Message));
    }

    [Fact]
    public void Freshness_CurrentTag_Passes()
    {
        // When
        var result = Latest.Evaluate(Context(Latest, freshness: new FreshnessReport { Reference = "r/app:1", LatestDigest = "sha256:m", Stale = false }));

        // Then
        Assert.Equal(ControlOutcome.Pass, result.Outcome);
        Assert.Equal("r/app:1 still names this image (sha256:m).", result.Summary);
    }

    [Theory]
    [InlineData(null, "offline")]
    [InlineData("unreachable", null)]
    public void Freshness_NotLookedUpOrUnknown_SkipsWithTheReason(string? error, string? skipReason)
    {
        // Given
        var fresh = error is null ? null : new FreshnessReport { Reference = "r/app:1", Error = error };

        // When
        var result = Latest.Evaluate(Context(Latest, freshness: fresh, skip: skipReason));

        // Then
        Assert.Equal(ControlOutcome.Skip, result.Outcome);
        Assert.Contains(error ?? skipReason!, result.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Gate_StaleControlOutsideTheSeverities_FailsOnlyWithFailOnStale(bool failOnStale, bool expectFailed)
    {
        // Given
        var stale = new ControlResult { Id = ControlCatalog.FreshnessControlId, Title = "t", Outcome = ControlOutcome.Fail, Severity = Severity.Medium, Summary = "stale" };
        var options = new GateOptions { Severities = new HashSet<Severity>([Severity.Critical, Severity.High]), ExitCode = 1, FailOnStale = failOnStale };

        // When
        var gate = GateEvaluator.Decide([], [stale], new Drydock.Inventory.ImageInventory { Os = Drydock.Inventory.OsInfo.Unknown }, false, null, options, TimeProvider.System);

        // Then
        Assert.Equal(expectFailed, !gate.Passed);
        Assert.Equal(expectFailed ? ["DRYDOCK-FRESHNESS failed: stale"] : [], gate.Reasons);
    }
}
