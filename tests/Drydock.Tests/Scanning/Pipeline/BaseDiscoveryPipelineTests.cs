using Drydock.Bases;
using Drydock.Controls;
using Drydock.Images;
using Drydock.Images.Targets;
using Drydock.Inventory;
using Drydock.Policy;
using Drydock.Scanning;
using Drydock.Scanning.Pipeline;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>
/// Base discovery inside a scan (issue 15 item 5), with the registry stage answered in memory: a discovered tag of a
/// trusted repository identifies the base; a chain that leaves them names the layer; offline says why it skipped.
/// </summary>
public sealed class BaseDiscoveryPipelineTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TarBuilder BaseLayer = new TarBuilder().File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
    private static readonly TarBuilder AppLayer = new TarBuilder().File("app/run.sh", "#!/bin/sh\n");
    private static readonly DrydockPolicy Policy = new() { TrustedBases = [new TrustedBase("registry.example/approved/debian:12*", [])] };

    private static MemoryImage App() => new MemoryImage
    {
        Source = "oci-archive:/nowhere/app.tar",
        Config = new ImageConfig { Os = "linux", Architecture = "arm64", Config = new ContainerConfig { User = "app" } },
    }.Layer(BaseLayer).Layer(AppLayer);

    private static async Task<ControlResult> Cis42Async(MemoryImage image, RegistryServices? registry)
    {
        using var scanner = new ImageScanner(new ScannerParts
        {
            Analyzers = Analyzers.All,
            Controls = ControlCatalog.All,
            Matchers = [],
            Registry = registry,
            Images = new MemoryImageOpener(image),
            Clock = new FixedTimeProvider(Now),
        });
        var report = await scanner.ScanAsync(new ScanRequest { Target = TargetParser.Parse("oci-archive:/nowhere/app.tar"), Policy = Policy, Freshness = FreshnessMode.Auto }, CancellationToken.None);
        return report.Controls.Single(c => c.Id == "CIS-4.2");
    }

    [Fact]
    public async Task ScanAsync_DiscoveredTagIsALayerPrefix_PassesNamingTheTag()
    {
        // Given: the trusted repository's tag 12 is the image's bottom layer; no annotation, no catalogue
        var image = App();
        var registry = new FakeRegistryServices
        {
            Discovered = new([new BaseCatalogEntry("registry.example/approved/debian:12", "sha256:" + new string('1', 64), [image.Layers[0].DiffId.ToString()], Now)], [], []),
        };

        // When
        var result = await Cis42Async(image, registry.Services());

        // Then: asked for the image's own platform
        Assert.True(result.Outcome == ControlOutcome.Pass, result.Summary);
        Assert.StartsWith($"Base registry.example/approved/debian:12@sha256:{new string('1', 64)}, identified by its first 1 layer(s)", result.Summary, StringComparison.Ordinal);
        Assert.Contains(registry.Asked, a => a.StartsWith("discover registry.example/approved/debian linux/arm64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanAsync_ChainLeavesEveryTrustedTag_FailsNamingTheDivergingLayer()
    {
        // Given: tag 12 shares the bottom layer, then has another one
        var image = App();
        var registry = new FakeRegistryServices
        {
            Discovered = new([new BaseCatalogEntry("registry.example/approved/debian:12", null, [image.Layers[0].DiffId.ToString(), "sha256:" + new string('c', 64)], Now)], [], []),
        };

        // When
        var result = await Cis42Async(image, registry.Services());

        // Then
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        var evidence = result.Evidence.Single(e => e.LayerIndex is not null);
        Assert.Equal(1, evidence.LayerIndex);
        Assert.Equal($"layer 1 (diff id {image.Layers[1].DiffId}, blob {image.Layers[1].Descriptor.Digest}) is where the image leaves every trusted base: " +
            "the first 1 layer(s) match trusted base registry.example/approved/debian:12, the longest common prefix of 1 trusted base image(s)", evidence.Message);
    }

    [Fact]
    public async Task ScanAsync_RepositoryNotListed_SkipsSayingWhy()
    {
        // Given: one scanner without registry services, one whose listing failed
        var failing = new FakeRegistryServices { Discovered = new([], ["registry.example/approved/debian: connection refused"], []) };

        // When
        var offline = await Cis42Async(App(), null);
        var unreachable = await Cis42Async(App(), failing.Services());

        // Then
        Assert.Equal((ControlOutcome.Skip, "The base could not be compared with every trusted base repository: registry.example/approved/debian: not listed: this scanner has no registry access (offline)."),
            (offline.Outcome, offline.Summary));
        Assert.Equal((ControlOutcome.Skip, "The base could not be compared with every trusted base repository: registry.example/approved/debian: connection refused."),
            (unreachable.Outcome, unreachable.Summary));
    }
}
