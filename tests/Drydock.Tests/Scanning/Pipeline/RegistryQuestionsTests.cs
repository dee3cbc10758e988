using Drydock.Bases;
using Drydock.Controls;
using Drydock.Controls.Trust;
using Drydock.Freshness;
using Drydock.Images;
using Drydock.Images.Targets;
using Drydock.Inventory;
using Drydock.Scanning;
using Drydock.Scanning.Gate;
using Drydock.Scanning.Pipeline;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>
/// Issue 17: the registry questions (freshness, the base, signatures and the channel) need only the manifest and config,
/// so a scan asks them while its layers are read, and stops them when the scan fails.
/// </summary>
public sealed class RegistryQuestionsTests
{
    private static MemoryImage Image() => new MemoryImage
    {
        Source = "registry:example.test/app:1",
        Reference = ImageReference.Parse("example.test/app:1"),
        ManifestDigest = Digest.Sha256("manifest"u8),
    }.Layer(new TarBuilder().File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"));

    private static ImageScanner Scanner(MemoryImage image, RegistryServices registry) => new(new ScannerParts
    {
        Analyzers = Analyzers.All,
        Controls = ControlCatalog.All,
        Matchers = [],
        Registry = registry,
        Images = new MemoryImageOpener(image),
    });

    private static ScanRequest Request() => new()
    {
        Target = TargetParser.Parse("registry:example.test/app:1"),
        Gate = new GateOptions { ExitCode = 1, FailOnEndOfLife = false },
        Freshness = FreshnessMode.Auto,
    };

    [Fact]
    public async Task ScanAsync_SignaturesAskedWhileTheLayersAreRead()
    {
        // Given: a layer that can be read only once the signatures were asked for (they used to be asked after the layers)
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = new FakeRegistryServices
        {
            Signatures = (_, _) =>
            {
                asked.TrySetResult();
                return new SignatureVerification { Attempted = true };
            },
        };
        var image = Image();
        using var scanner = Scanner(image, fake.Services());
        var gated = new GatedLayers(image, asked.Task);

        // When
        var report = await scanner.ScanAsync(gated, Request(), CancellationToken.None);

        // Then: the layer was read (after the question), and the report is whole
        Assert.True(gated.Opened);
        Assert.Contains(fake.Asked, a => a.StartsWith("signatures", StringComparison.Ordinal));
        Assert.Equal("debian", report.Inventory.Os?.Family);
    }

    [Fact]
    public async Task ScanAsync_LayerStageFails_QuestionStillOpenIsStoppedAndTheLayerErrorIsSaid()
    {
        // Given: a freshness lookup that answers only when stopped, and a layer that cannot be read
        var fake = new FakeRegistryServices();
        var freshness = new UnansweredFreshness();
        var image = Image();
        using var scanner = Scanner(image, new RegistryServices(fake, freshness, fake));
        var broken = new GatedLayers(image, Task.CompletedTask, failure: new DrydockException("layer 0: the registry went away"));

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => scanner.ScanAsync(broken, Request(), CancellationToken.None));

        // Then: the layer's error, and the lookup that was under way was cancelled before the scan returned
        Assert.Equal("layer 0: the registry went away", error.Message);
        Assert.True(freshness.Started);
        Assert.True(freshness.Cancelled);
    }

    /// <summary>An image whose layers open only after <paramref name="gate"/> completes (within 10 s), or fail.</summary>
    private sealed class GatedLayers(MemoryImage inner, Task gate, DrydockException? failure = null) : ForwardingImage(inner)
    {
        public bool Opened { get; private set; }

        public override async Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            if (failure is not null) throw failure;
            Opened = true;
            return await Inner.OpenLayerAsync(index, cancellationToken);
        }
    }

    private sealed class UnansweredFreshness : IFreshnessLookup
    {
        public bool Started { get; private set; }

        public bool Cancelled { get; private set; }

        public async Task<FreshnessResult> CheckAsync(IImage image, IReadOnlyList<BaseCatalogEntry> catalog, CancellationToken cancellationToken)
        {
            Started = true;
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }
            throw new InvalidOperationException("unreachable");
        }
    }
}
