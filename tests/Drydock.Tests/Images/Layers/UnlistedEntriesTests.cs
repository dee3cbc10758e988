using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Scanning.Cache;
using Drydock.Tests.Builders;
using static Drydock.Tests.Images.Layers.LayerTestKit;

namespace Drydock.Tests.Images.Layers;

/// <summary>Issue 18: the view keeps what someone asked for, not every file of the image.</summary>
public sealed class UnlistedEntriesTests
{
    private static Task<FileSystemView> Walk(FakeImage image, LayerWalkOptions? options = null, params IFileInterest[] interests) =>
        LayerWalker.WalkAsync(image, interests, options ?? LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

    [Fact]
    public async Task WalkAsync_FilesNobodyAskedFor_NotListedDirectoriesLinksAndAskedForKept()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().Directory("usr/").Directory("usr/bin/")
            .File("usr/bin/a", "1").File("usr/bin/b", "2").File("usr/bin/su", "3", mode: 0x9ed).Symlink("usr/bin/c", "a")
            .HardLink("usr/bin/d", "usr/bin/a").CharDevice("dev/null", 1, 3).File("etc/os-release", "ID=x\n"));

        // When
        var view = await Walk(image, null, new PathInterest("etc/os-release"), new SetuidLister());

        // Then: a and b are not listed; the hard link to a stays without a broken-link warning
        Assert.Equal(["etc", "etc/os-release", "usr", "usr/bin", "usr/bin/c", "usr/bin/d", "usr/bin/su"], Paths(view));
        Assert.Empty(view.Warnings);
    }

    [Fact]
    public async Task WalkAsync_UnlistedUpperFile_StillReplacesLowerKeptFileAndDirectory()
    {
        // Given: executables are wanted; the upper layer replaces one by a plain file and a directory by a file
        var image = new FakeImage()
            .Layer(new TarBuilder().File("bin/tool", "old", mode: 0x1ed).Directory("opt/app/").File("opt/app/tool", "x", mode: 0x1ed))
            .Layer(new TarBuilder().File("bin/tool", "new text", mode: 0x1a4).File("opt/app", "now a file", mode: 0x1a4));

        // When
        var view = await Walk(image, null, new ExecutableInterest());

        // Then: nothing stale from the lower layer shows through
        Assert.Null(view.Get("bin/tool"));
        Assert.Null(view.Get("opt/app"));
        Assert.Null(view.Get("opt/app/tool"));
        Assert.Equal(["bin", "opt"], Paths(view));
    }

    [Fact]
    public async Task WalkAsync_KeptEntriesOverImageBound_Refused()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().Directory("a/").Directory("b/")).Layer(new TarBuilder().Directory("c/").Directory("d/"));

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => Walk(image, LayerWalkOptions.Default with { MaxKeptEntries = 3 }));

        // Then
        Assert.StartsWith("the image keeps more than 3 entries", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalkAsync_EntriesOverImageBoundAcrossLayers_Refused()
    {
        // Given: each layer is within the per-layer bound, the image is not
        var image = new FakeImage().Layer(new TarBuilder().File("a", "").File("b", "")).Layer(new TarBuilder().File("c", "").File("d", ""));
        var options = LayerWalkOptions.Default with { MaxEntriesPerLayer = 2, MaxEntriesPerImage = 3 };

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => Walk(image, options));

        // Then
        Assert.Equal($"layer 1 ({image.Layers[1].Descriptor.Digest}) of {image.Source}: the image holds more than 3 entries over all its layers", e.Message);
    }

    [Fact]
    public async Task Serializer_UnlistedPaths_SurviveTheCache()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().File("bin/tool", "x", mode: 0x1ed).File("etc/motd", "hi"));
        var layer = await LayerWalker.ReadLayerAsync(image, 0, [new ExecutableInterest()], LayerWalkOptions.Default,
            NullProgressSink.Instance, CancellationToken.None);

        // When
        var back = LayerContentsSerializer.Read(LayerContentsSerializer.Write(layer), 0)!;

        // Then
        Assert.Equal([PathHash.Of("etc/motd")], back.Unlisted);
        Assert.Equal(2, back.EntriesRead);
        Assert.Equal(["bin/tool"], back.Entries.Select(e => e.Entry.Path));
    }

    private sealed class SetuidLister : IFileInterest
    {
        public bool Wants(string path, long size, int mode) => false;

        public bool WantsEntry(string path, int mode) => (mode & 0xC00) != 0;
    }

    private sealed class ExecutableInterest : IFileInterest
    {
        public bool Wants(string path, long size, int mode) => (mode & 0x49) != 0;
    }
}
