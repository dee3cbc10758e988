using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Tests.Builders;
using static Drydock.Tests.Images.Layers.LayerTestKit;

namespace Drydock.Tests.Images.FileSystem;

public sealed class FileSystemViewTests
{
    [Fact]
    public async Task Squash_WhiteoutOfFile_RemovesOnlyThatFile()
    {
        // Given
        var image = new FakeImage()
            .Layer(new TarBuilder().File("etc/a", "a").File("etc/b", "b"))
            .Layer(new TarBuilder().Whiteout("etc/a"));

        // When
        var view = await WalkAsync(image);

        // Then
        Assert.Equal(["etc", "etc/b"], Paths(view));
    }

    [Fact]
    public async Task Squash_WhiteoutOfDirectory_RemovesSubtree()
    {
        // Given
        var image = new FakeImage()
            .Layer(new TarBuilder().Directory("opt/app/").File("opt/app/bin/run", "r").File("opt/keep", "k"))
            .Layer(new TarBuilder().Whiteout("opt/app"));

        // When
        var view = await WalkAsync(image);

        // Then
        Assert.Equal(["opt", "opt/keep"], Paths(view));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Squash_OpaqueDirectory_HidesLowerContentsInEitherTarOrder(bool markerFirst)
    {
        // Given
        var upper = new TarBuilder().Directory("a/");
        if (markerFirst) upper.Opaque("a").File("a/new", "n");
        else upper.File("a/new", "n").Opaque("a");
        var image = new FakeImage().Layer(new TarBuilder().Directory("a/").File("a/old", "o").File("a/sub/deep", "d")).Layer(upper);

        // When
        var view = await WalkAsync(image, "a/new");

        // Then
        Assert.Equal(["a", "a/new"], Paths(view));
        Assert.Equal("n", Read(view, "a/new"));
        Assert.Equal(1, view.Get("a")!.LayerIndex);
    }

    [Fact]
    public async Task Squash_WhiteoutAndRecreateInSameLayer_KeepsNewEntry()
    {
        // Given: the layer re-adds the path it whites out, the whiteout written after the entry
        var image = new FakeImage()
            .Layer(new TarBuilder().File("etc/conf/x", "old").File("etc/conf/y", "old"))
            .Layer(new TarBuilder().File("etc/conf", "now a file").Whiteout("etc/conf"));

        // When
        var view = await WalkAsync(image, "etc/conf");

        // Then
        Assert.Equal(["etc", "etc/conf"], Paths(view));
        Assert.Equal("now a file", Read(view, "etc/conf"));
    }

    [Fact]
    public async Task Squash_DirectoryReplacedByFile_RemovesOldSubtree()
    {
        // Given
        var image = new FakeImage()
            .Layer(new TarBuilder().Directory("lib/").File("lib/x.so", "x"))
            .Layer(new TarBuilder().Symlink("lib", "usr/lib"));

        // When
        var view = await WalkAsync(image);

        // Then
        Assert.Equal(["lib"], Paths(view));
        Assert.Equal(FileKind.Symlink, view.Get("lib")!.Kind);
    }

    [Fact]
    public async Task Squash_FileReplacedByDirectory_DirectoryHasNewChildrenOnly()
    {
        // Given
        var image = new FakeImage()
            .Layer(new TarBuilder().File("x", "file"))
            .Layer(new TarBuilder().File("x/y", "child"));

        // When
        var view = await WalkAsync(image);

        // Then
        Assert.Equal(["x", "x/y"], Paths(view));
        Assert.Equal(FileKind.Directory, view.Get("x")!.Kind);
    }

    [Fact]
    public async Task Squash_HardLink_SharesTargetContentAcrossLayers()
    {
        // Given
        var image = new FakeImage()
            .Layer(new TarBuilder().File("usr/bin/perl5.36", "#perl", mode: 0x1ed))
            .Layer(new TarBuilder().HardLink("usr/bin/perl", "./usr/bin/perl5.36", mode: 0x1ed));

        // When
        var view = await WalkAsync(image, "usr/bin/perl5.36");

        // Then
        var link = view.Get("usr/bin/perl")!;
        Assert.Equal(FileKind.HardLink, link.Kind);
        Assert.Equal("usr/bin/perl5.36", link.LinkTarget);
        Assert.Equal(5, link.Size);
        Assert.Equal("#perl", Read(view, "usr/bin/perl"));
    }

    [Fact]
    public async Task Squash_HardLinkToMissingTarget_WarnsAndListsLink()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().HardLink("a", "missing"));
        var progress = new Layers.RecordingProgressSink();

        // When
        var view = await LayerWalker.WalkAsync(image, [], LayerWalkOptions.Default, progress, CancellationToken.None);

        // Then
        Assert.NotNull(view.Get("a"));
        Assert.Contains(view.Warnings, w => w.Contains("'missing'", StringComparison.Ordinal));
        Assert.Equal(view.Warnings, progress.Warnings);
    }

    [Fact]
    public async Task Squash_SameLayerTwoVersionsOfAFile_LastWins()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().File("f", "first").File("f", "second"));

        // When
        var view = await WalkAsync(image, "f");

        // Then
        Assert.Equal("second", Read(view, "f"));
    }

    [Fact]
    public async Task Squash_EntryBelowLowerSymlink_DoesNotFollowLinkAndWarns()
    {
        // Given: a hostile upper layer writes through a directory symlink pointing at /etc
        var image = new FakeImage()
            .Layer(new TarBuilder().File("etc/passwd", "root:x:0:0::/root:/bin/sh\n").Symlink("evil", "/etc"))
            .Layer(new TarBuilder().File("evil/passwd", "hacked"));

        // When
        var view = await WalkAsync(image, "etc/passwd", "evil/passwd");

        // Then
        Assert.Equal("root:x:0:0::/root:/bin/sh\n", Read(view, "etc/passwd"));
        Assert.Equal(FileKind.Directory, view.Get("evil")!.Kind);
        Assert.Equal("hacked", Read(view, "evil/passwd"));
        Assert.Contains(view.Warnings, w => w.Contains("'evil' replace the symlink", StringComparison.Ordinal));
    }
}
