using Drydock.Controls;
using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Images.Targets;
using Drydock.Inventory;
using Drydock.Scanning;
using Drydock.Scanning.Pipeline;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>
/// Issue 17: a cold scan lets the walks' pooled buffers go when its layer stage ends, before inventory and controls.
/// The pool is the process's one, so these tests run alone (no other test's walk may return buffers meanwhile).
/// </summary>
[Collection(WalkBuffers.Name)]
public sealed class LayerStageEndTests
{
    private static MemoryImage Debian12() => new MemoryImage { Config = new ImageConfig { Os = "linux", Architecture = "amd64" } }
        .Layer(ScanCoverageTests.Debian12());

    [Fact]
    public async Task ScanAsync_ColdScan_WalkBuffersLetGoBeforeInventory()
    {
        // Given: a walk of the image leaves its read-ahead chunks in the pool for the next layer
        WalkBufferPool.Shared.Release();
        await LayerReader.ReadAsync(Debian12(), [EveryEntry.Instance], ["test"], null, NullProgressSink.Instance, CancellationToken.None);
        Assert.True(WalkBufferPool.Shared.Kept > 0);
        var image = Debian12();
        using var scanner = new ImageScanner(new ScannerParts
        {
            Analyzers = Analyzers.All,
            Controls = ControlCatalog.All,
            Matchers = [],
            Images = new MemoryImageOpener(image),
            Clock = TimeProvider.System,
        });

        // When
        var report = await scanner.ScanAsync(new ScanRequest { Target = TargetParser.Parse("oci:/memory:1") }, CancellationToken.None);

        // Then: the scan ran as before, and nothing of its walk is kept or still rented
        Assert.Equal(("debian", "12"), (report.Inventory.Os.Family, report.Inventory.Os.Version));
        Assert.Equal((0, 0), (WalkBufferPool.Shared.Kept, WalkBufferPool.Shared.Rented));
        Assert.Equal(0, ScratchBuffer.Shared.KeptBytes);
    }

    [Fact]
    public async Task Release_AfterAWalk_BuffersLetGoWithoutACollection()
    {
        // Given: a layer walked (its buffers kept in the pool)
        await LayerReader.ReadAsync(Debian12(), [EveryEntry.Instance], ["test"], null, NullProgressSink.Instance, CancellationToken.None);
        Assert.True(WalkBufferPool.Shared.Kept > 0);
        var collections = GC.CollectionCount(GC.MaxGeneration);

        // When
        var walked = LayerStageEnd.Release();

        // Then: the buffers are let go and no collection is forced (it cost more CPU than the memory it saved)
        Assert.True(walked);
        Assert.Equal(0, WalkBufferPool.Shared.Kept);
        Assert.Equal(collections, GC.CollectionCount(GC.MaxGeneration));
    }

    [Fact]
    public void Release_NoLayerWalkedSinceTheLast_NoCollection()
    {
        // Given: released once (every layer of the next scan comes from the cache: nothing is kept)
        LayerStageEnd.Release();
        var collections = GC.CollectionCount(GC.MaxGeneration);

        // When
        var walked = LayerStageEnd.Release();

        // Then
        Assert.False(walked);
        Assert.Equal(collections, GC.CollectionCount(GC.MaxGeneration));
    }
}

/// <summary>Tests that watch the process's walk buffer pool, run with no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WalkBuffers
{
    public const string Name = "walk buffers";
}
