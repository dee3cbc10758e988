using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Layers;
using static Drydock.Tests.Images.Layers.LayerTestKit;

namespace Drydock.Tests.Images.FileSystem;

/// <summary>Issue 18: layers squashed one by one as they are read, with bounds for the whole image.</summary>
public sealed class FileSystemBuilderTests
{
    // Each layer read on its own, as the scanner does (its own budget per layer, or from the cache), then applied.
    private static async Task<FileSystemBuilder> ApplyEach(FakeImage image, LayerWalkOptions options, params IFileInterest[] interests)
    {
        var builder = new FileSystemBuilder(interests, options);
        for (var i = 0; i < image.Layers.Count; i++)
            builder.Apply(await LayerWalker.ReadLayerAsync(image, i, interests, options, NullProgressSink.Instance, CancellationToken.None));
        return builder;
    }

    [Fact]
    public async Task Apply_LayersReadOneByOneOverTheImageEntryBound_RefusedNamingTheLayer()
    {
        // Given: two layers of two entries each, each within its own bound; the image holds at most 3
        var image = new FakeImage().Layer(new TarBuilder().File("a", "").File("b", "")).Layer(new TarBuilder().File("c", "").File("d", ""));
        var options = LayerWalkOptions.Default with { MaxEntriesPerLayer = 2, MaxEntriesPerImage = 3 };

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => ApplyEach(image, options));

        // Then
        Assert.StartsWith("layer 1 (sha256:", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("): the image holds more than 3 entries over all its layers; it is refused (docs/limits.md)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_LayersReadOneByOneOverTheTotalContentBound_LaterContentDroppedWithAWarning()
    {
        // Given: 600 bytes wanted in each of two layers; each layer alone is within 1000 bytes, the image is not
        var image = new FakeImage().Layer(new TarBuilder().File("a", new byte[600])).Layer(new TarBuilder().File("b", new byte[600]));
        var options = LayerWalkOptions.Default with { MaxTotalContentBytes = 1000 };

        // When
        var view = (await ApplyEach(image, options, new PathInterest("a", "b"))).Build();

        // Then
        Assert.True(view.HasContent("a"));
        Assert.False(view.HasContent("b"));
        Assert.Equal(600, view.Get("b")!.Size);
        Assert.Equal(["layer 1: 'b' not kept: kept contents would exceed 1000 bytes"], view.Warnings);
    }

    [Fact]
    public async Task Apply_HardLinkToAFileUnlistedInALowerLayer_NoBrokenLinkWarning()
    {
        // Given: nobody asked for usr/bin/a (so only its path hash passes squashing); an upper layer links to it
        var image = new FakeImage()
            .Layer(new TarBuilder().File("usr/bin/a", "1"))
            .Layer(new TarBuilder().File("etc/x", "x"))
            .Layer(new TarBuilder().HardLink("usr/bin/d", "usr/bin/a"));

        // When
        var view = (await ApplyEach(image, LayerWalkOptions.Default, new PathInterest("etc/x"))).Build();

        // Then
        Assert.Equal(["etc", "etc/x", "usr", "usr/bin", "usr/bin/d"], Paths(view));
        Assert.Empty(view.Warnings);
    }

    [Fact]
    public async Task Apply_HardLinkToAPathNoLayerWrote_Warns()
    {
        // Given: lower layers hold unlisted files, but not the link's target
        var image = new FakeImage()
            .Layer(new TarBuilder().File("usr/bin/a", "1").File("usr/bin/b", "2"))
            .Layer(new TarBuilder().HardLink("usr/bin/d", "usr/bin/missing"));

        // When
        var view = (await ApplyEach(image, LayerWalkOptions.Default)).Build();

        // Then
        Assert.Equal(["layer 1: hard link 'usr/bin/d' → 'usr/bin/missing': no such regular file"], view.Warnings);
    }

    [Fact]
    public async Task Apply_TopLayerWithinLayerHardLinkToUnlisted_SameViewAsWithoutTheFlag()
    {
        // Given: a top layer that both writes an unlisted file and hard-links to it (its own hashes are exact, so the
        // filter only later layers read is not needed), over a layer a hard link of the top layer targets
        var image = new FakeImage()
            .Layer(new TarBuilder().File("usr/bin/a", "1").File("etc/x", "x"))
            .Layer(new TarBuilder().File("usr/bin/b", "2").HardLink("usr/bin/c", "usr/bin/b").HardLink("usr/bin/d", "usr/bin/a")
                .HardLink("usr/bin/e", "usr/bin/missing"));
        var interests = new IFileInterest[] { new PathInterest("etc/x") };
        var layers = new List<LayerContents>();
        for (var i = 0; i < image.Layers.Count; i++)
            layers.Add(await LayerWalker.ReadLayerAsync(image, i, interests, LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None));

        // When
        var plain = new FileSystemBuilder(interests);
        var flagged = new FileSystemBuilder(interests);
        foreach (var layer in layers)
        {
            plain.Apply(layer);
            flagged.Apply(layer, topLayer: layer.Index == layers.Count - 1);
        }
        var (a, b) = (plain.Build(), flagged.Build());

        // Then
        Assert.Equal(Paths(a), Paths(b));
        Assert.Equal(a.Warnings, b.Warnings);
        Assert.Equal(["layer 1: hard link 'usr/bin/e' → 'usr/bin/missing': no such regular file"], b.Warnings);
    }

    [Fact]
    public void MayContain_AddedAndOtherHashes_AddedAlwaysFoundOthersAlmostNever()
    {
        // Given: 200,000 paths' hashes added to the 1 MiB filter
        var filter = new PathHashFilter();
        for (var i = 0; i < 200_000; i++) filter.Add(PathHash.Of($"usr/share/doc/file-{i}"));

        // When
        var missed = Enumerable.Range(0, 200_000).Count(i => !filter.MayContain(PathHash.Of($"usr/share/doc/file-{i}")));
        var falsePositives = Enumerable.Range(0, 200_000).Count(i => filter.MayContain(PathHash.Of($"usr/lib/other-{i}")));

        // Then: never a false "certainly not"; false "maybe" under 0.1 % (about 0.03 % expected at this load)
        Assert.Equal(0, missed);
        Assert.InRange(falsePositives, 0, 200);
    }
}
