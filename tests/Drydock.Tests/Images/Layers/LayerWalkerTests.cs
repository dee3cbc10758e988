using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Tests.Builders;
using static Drydock.Tests.Images.Layers.LayerTestKit;

namespace Drydock.Tests.Images.Layers;

public sealed class LayerWalkerTests
{
    [Fact]
    public async Task WalkAsync_GzipZstdAndPlainLayers_ReadsEachOnceAndSquashes()
    {
        // Given
        var image = new FakeImage()
            .GzipLayer(new TarBuilder().Directory("etc/").File("etc/os-release", "ID=debian\n"))
            .Layer(new TarBuilder().File("usr/bin/tool", "x", mode: 0x9ed).Build(),
                TarBuilder.Zstd(new TarBuilder().File("usr/bin/tool", "x", mode: 0x9ed).Build()), LayerCompression.Zstd)
            .Layer(new TarBuilder().File("etc/hostname", "box\n"));

        // When
        var view = await WalkAsync(image, "etc/os-release");

        // Then
        Assert.Equal(3, image.OpenCount);
        Assert.Equal(["etc", "etc/hostname", "etc/os-release", "usr", "usr/bin", "usr/bin/tool"], Paths(view));
        Assert.Equal("ID=debian\n", Read(view, "etc/os-release"));
        Assert.True(view.Get("usr/bin/tool")!.IsSetuid);
        Assert.Equal("-rwsr-xr-x", view.Get("/usr/bin/tool")!.ModeString);
        Assert.Equal(1, view.Get("usr/bin/tool")!.LayerIndex);
        Assert.Equal(image.Layers.Select(l => l.DiffId), view.LayerDiffIds);
    }

    [Fact]
    public async Task WalkAsync_UndeclaredFile_ContentNotKept()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().File("etc/shadow", "root:*:1::::::\n").File("etc/passwd", "root\n"));

        // When
        var view = await WalkAsync(image, "etc/passwd");

        // Then
        Assert.True(view.HasContent("etc/passwd"));
        Assert.False(view.HasContent("etc/shadow"));
        Assert.Equal(15, view.Get("etc/shadow")!.Size);
        Assert.Throws<InvalidOperationException>(() => view.OpenRead("etc/shadow"));
        Assert.Throws<FileNotFoundException>(() => view.OpenRead("etc/nothing"));
    }

    [Fact]
    public async Task WalkAsync_MediaTypeSaysTarButBytesAreGzip_SniffsAndDecompresses()
    {
        // Given
        var tar = new TarBuilder().File("a", "b").Build();
        var image = new FakeImage().Layer(tar, TarBuilder.Gzip(tar), LayerCompression.None);

        // When
        var view = await WalkAsync(image, "a");

        // Then
        Assert.Equal("b", Read(view, "a"));
    }

    [Fact]
    public async Task WalkAsync_MultiMemberGzip_ReadsAllMembers()
    {
        // Given: a tar split across two gzip members, as pigz or concatenated gzip files produce
        var tar = new TarBuilder().File("one", "1").File("two", "2").Build();
        var stored = TarBuilder.Gzip(tar[..1024]).Concat(TarBuilder.Gzip(tar[1024..])).ToArray();
        var image = new FakeImage().Layer(tar, stored, LayerCompression.Gzip);

        // When
        var view = await WalkAsync(image);

        // Then
        Assert.Equal(["one", "two"], Paths(view));
    }

    [Fact]
    public async Task WalkAsync_DiffIdMismatch_ThrowsNamingLayer()
    {
        // Given
        var image = new FakeImage()
            .Layer(new TarBuilder().File("a", "1"))
            .Layer(new TarBuilder().File("b", "2").Build(), diffId: Digest.Sha256("other"u8));

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => WalkAsync(image));

        // Then
        Assert.Contains("layer 1 (sha256:", error.Message, StringComparison.Ordinal);
        Assert.Contains("diff id mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalkAsync_DecompressionBomb_ThrowsNamingLayer()
    {
        // Given: 8 MB of zeros compresses to a few KB
        var tar = new TarBuilder().File("zeros", new byte[8 * 1024 * 1024]).Build();
        var image = new FakeImage().Layer(tar, TarBuilder.Gzip(tar), LayerCompression.Gzip);
        var options = LayerWalkOptions.Default with { RatioGraceBytes = 1024 * 1024, MaxCompressionRatio = 100 };

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() =>
            LayerWalker.WalkAsync(image, [], options, NullProgressSink.Instance, CancellationToken.None));

        // Then
        Assert.Contains("layer 0 (sha256:", error.Message, StringComparison.Ordinal);
        Assert.Contains("decompression bomb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalkAsync_LayerOverAbsoluteLimit_Throws()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().File("big", new byte[300_000]));
        var options = LayerWalkOptions.Default with { MaxLayerBytes = 100_000 };

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() =>
            LayerWalker.WalkAsync(image, [], options, NullProgressSink.Instance, CancellationToken.None));

        // Then
        Assert.Contains("exceeds 100000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalkAsync_TruncatedGzip_Throws()
    {
        // Given
        var tar = new TarBuilder().File("etc/a", new byte[100_000]).File("etc/b", "b").Build();
        var gzip = TarBuilder.Gzip(tar);
        var image = new FakeImage().Layer(tar, gzip[..(gzip.Length / 2)], LayerCompression.Gzip);

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => WalkAsync(image));

        // Then
        Assert.StartsWith("layer 0 (sha256:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalkAsync_TruncatedTar_ThrowsNamingEntry()
    {
        // Given
        var tar = new TarBuilder().File("usr/bin/x", new byte[10_000]).File("usr/bin/y", "y").Build();
        var image = new FakeImage().Layer(tar[..5000], tar[..5000]);

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => WalkAsync(image));

        // Then
        Assert.Contains("truncated or corrupt tar: the stream ends inside entry 'usr/bin/x'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/../x")]
    [InlineData("usr/../../root/x")]
    public async Task WalkAsync_EntryClimbingAboveRoot_RefusesLayerNamingEntryLayerAndImage(string name)
    {
        // Given (issue 11 §4: Docker refuses such layers)
        var image = new FakeImage().Layer(new TarBuilder().File("ok", "1")).Layer(new TarBuilder().File("fine", "2").File(name, "evil"));

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => WalkAsync(image, "fine"));

        // Then
        Assert.Equal($"layer 1 ({image.Layers[1].Descriptor.Digest}) of {image.Source}: entry '{name}' climbs above the image root; "
                     + "the layer is refused", e.Message);
    }

    [Fact]
    public async Task WalkAsync_HardLinkTargetClimbingOut_RefusesLayer()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().File("a", "1").HardLink("h", "../../etc/shadow"));

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => WalkAsync(image));

        // Then
        Assert.Equal($"layer 0 ({image.Layers[0].Descriptor.Digest}) of {image.Source}: hard link 'h' → '../../etc/shadow' "
                     + "climbs above the image root; the layer is refused", e.Message);
    }

    [Fact]
    public async Task WalkAsync_AbsoluteAndDotNames_StayPathsInsideTheRoot()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().File("/etc/passwd", "root").File("./ok/../fine", "ok").HardLink("h", "/etc/passwd"));

        // When
        var view = await WalkAsync(image, "fine", "etc/passwd");

        // Then
        Assert.Equal(["etc", "etc/passwd", "fine", "h"], Paths(view));
        Assert.Equal("ok", Read(view, "fine"));
        Assert.Equal("root", Read(view, "h"));
        Assert.Empty(view.Warnings);
    }

    [Theory]
    [InlineData(5000, 1, "pax path of 9999 bytes is over the 4096-byte bound (PATH_MAX)")]
    [InlineData(300, 1, "path is more than 256 components deep")]
    [InlineData(1, 256, "a component of 256 characters is longer than 255 (NAME_MAX)")]
    public async Task WalkAsync_PathOverBounds_RefusesLayerAtOnce(int depth, int component, string reason)
    {
        // Given: the 272-byte layer of issue 18 held one path of 100,000 characters and cost 4.97 GB
        var name = string.Join('/', Enumerable.Repeat(new string('a', component), depth));
        var image = new FakeImage().Layer(new TarBuilder().File(name, "x"));

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => WalkAsync(image));

        // Then
        Assert.Contains($": {reason}", e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"layer 0 ({image.Layers[0].Descriptor.Digest}) of {image.Source}: entry '", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400, e.Message);
    }

    [Fact]
    public async Task WalkAsync_FileOverPerFileCap_ListedButNotKept()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().File("var/lib/big", new byte[2048]).File("small", "s"));
        var options = LayerWalkOptions.Default with { MaxFileContentBytes = 1024 };

        // When
        var view = await LayerWalker.WalkAsync(image, [new PathInterest("var/lib/big", "small")], options,
            NullProgressSink.Instance, CancellationToken.None);

        // Then
        Assert.Equal(2048, view.Get("var/lib/big")!.Size);
        Assert.False(view.HasContent("var/lib/big"));
        Assert.True(view.HasContent("small"));
        Assert.Single(view.Warnings);
    }

    [Fact]
    public async Task WalkAsync_FileOverItsInterestsReadBound_ListedNotKeptAndNamedInOneWarning()
    {
        // Given: a database interest that reads at most 1 KiB, and a file of 2 KiB it wants (the walk's bound is 64 MiB)
        var image = new FakeImage().Layer(new TarBuilder().File("var/lib/db", new byte[2048]).File("var/lib/small", "s"));
        var interest = new BoundedInterest(1024, "var/lib/db", "var/lib/small");

        // When
        var view = await LayerWalker.WalkAsync(image, [interest], LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

        // Then
        Assert.Equal(2048, view.Get("var/lib/db")!.Size);
        Assert.False(view.HasContent("var/lib/db"));
        Assert.True(view.HasContent("var/lib/small"));
        var warning = Assert.Single(view.Warnings);
        Assert.Contains("'var/lib/db' is 2048 bytes, over the 1024 bytes read bound of the analyzers that want it; its content is not kept", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalkAsync_TwoInterestsWithDifferentReadBounds_TheLargerBoundKeepsTheFile()
    {
        // Given: one interest reads 1 KiB of the file, another one 4 KiB
        var image = new FakeImage().Layer(new TarBuilder().File("var/lib/db", new byte[2048]));

        // When
        var view = await LayerWalker.WalkAsync(image, [new BoundedInterest(1024, "var/lib/db"), new BoundedInterest(4096, "var/lib/db")],
            LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

        // Then
        Assert.True(view.HasContent("var/lib/db"));
        Assert.Empty(view.Warnings);
    }

    [Fact]
    public async Task WalkAsync_TotalCapReached_LaterFilesNotKept()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().File("a", new byte[600]).File("b", new byte[600]));
        var options = LayerWalkOptions.Default with { MaxTotalContentBytes = 1000 };

        // When
        var view = await LayerWalker.WalkAsync(image, [new PathInterest("a", "b")], options, NullProgressSink.Instance,
            CancellationToken.None);

        // Then
        Assert.True(view.HasContent("a"));
        Assert.False(view.HasContent("b"));
    }

    [Fact]
    public async Task WalkAsync_LongNamesDevicesAndFifos_AllListed()
    {
        // Given
        var longName = string.Join('/', Enumerable.Repeat("directory-with-a-long-name", 8)) + "/file";
        var gnu = new TarBuilder(System.Formats.Tar.TarEntryFormat.Gnu).File(longName, "g").CharDevice("dev/null", 1, 3);
        var pax = new TarBuilder().File(longName + "2", "p").Fifo("run/fifo");
        var image = new FakeImage().Layer(gnu).Layer(pax);

        // When
        var view = await WalkAsync(image, longName);

        // Then
        Assert.Equal("g", Read(view, longName));
        Assert.NotNull(view.Get(longName + "2"));
        Assert.Equal(FileKind.CharDevice, view.Get("dev/null")!.Kind);
        Assert.Equal(FileKind.Fifo, view.Get("run/fifo")!.Kind);
    }

    [Fact]
    public async Task ReadLayerAsync_Layer_RecordsWhiteoutsAndSizes()
    {
        // Given
        var image = new FakeImage().GzipLayer(new TarBuilder().Whiteout("etc/old").Opaque("var/cache").File("x", "1"));

        // When
        var layer = await LayerWalker.ReadLayerAsync(image, 0, [EveryEntry.Instance], LayerWalkOptions.Default, NullProgressSink.Instance,
            CancellationToken.None);

        // Then
        Assert.Equal(["etc/old"], layer.Whiteouts);
        Assert.Equal(["var/cache"], layer.OpaqueDirectories);
        Assert.Equal(["x"], layer.Entries.Select(e => e.Entry.Path));
        Assert.Equal(image.Layers[0].DiffId, layer.DiffId);
        Assert.Equal(image.Layers[0].Descriptor.Size, layer.StoredBytes);
    }

    [Fact]
    public async Task WalkAsync_TooManyEntries_Throws()
    {
        // Given
        var tar = new TarBuilder();
        for (var i = 0; i < 11; i++) tar.File($"f{i}", "");
        var image = new FakeImage().Layer(tar);

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => LayerWalker.WalkAsync(image, [],
            LayerWalkOptions.Default with { MaxEntriesPerLayer = 10 }, NullProgressSink.Instance, CancellationToken.None));

        // Then
        Assert.Contains("more than 10 entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalkAsync_Layers_ReportsStoredBytesPerLayer()
    {
        // Given
        var image = new FakeImage().GzipLayer(new TarBuilder().File("a", "1")).Layer(new TarBuilder().File("b", "2"));
        var progress = new RecordingProgressSink();

        // When
        await LayerWalker.WalkAsync(image, [], LayerWalkOptions.Default, progress, CancellationToken.None);

        // Then
        Assert.Contains(progress.Reports, r => r.Item.StartsWith("layer 1/2", StringComparison.Ordinal) && r.Done == image.Layers[0].Descriptor.Size);
        Assert.Contains(progress.Reports, r => r.Item.StartsWith("layer 2/2", StringComparison.Ordinal) && r.Done == image.Layers[1].Descriptor.Size);
    }
}
