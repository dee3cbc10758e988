using System.Diagnostics;
using Drydock.Images;
using Drydock.Tests.Builders;
using static Drydock.Tests.Images.Sources.SourceTestKit;

namespace Drydock.Tests.Images.Sources;

public sealed class OciLayoutSourceTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(LayerCompression.None)]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public async Task OpenAsync_LayoutWithLayer_YieldsVerifiedImage(LayerCompression compression)
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("etc/hostname", "box"), compression).User("app").WriteOciLayout(_dir.Path("img"));

        // When
        await using var image = await OpenAsync("oci:" + _dir.Path("img"));

        // Then
        Assert.Equal(built.ManifestDigest, image.ManifestDigest);
        Assert.Equal(built.ConfigDigest, image.Id);
        Assert.Equal("app", image.Config.Config?.User);
        var layer = Assert.Single(image.Layers);
        Assert.Equal(compression, layer.Compression);
        Assert.Equal(Digest.Sha256(built.LayerTars[0]), layer.DiffId);
        Assert.Equal(built.StoredLayers[0], await ReadLayerAsync(image, 0));
    }

    [Fact]
    public async Task OpenAsync_MultiPlatformIndex_PicksRequestedPlatform()
    {
        // Given
        var amd = new ImageBuilder().Platform("linux", "amd64").Layer(Layer("a", "amd")).Build();
        var arm = new ImageBuilder().Platform("linux", "arm64", "v8").Layer(Layer("a", "arm")).Build();
        OciLayoutWriter.Write(_dir.Path("img"), [amd.WithPlatform(), arm.WithPlatform()], amd.Blobs, arm.Blobs);

        // When
        await using var image = await OpenAsync("oci:" + _dir.Path("img"), Platform.Parse("linux/arm64"));

        // Then
        Assert.Equal(arm.ManifestDigest, image.ManifestDigest);
        Assert.Equal("linux/arm64/v8", image.Config.Platform.ToString());
    }

    [Fact]
    public async Task OpenAsync_PlatformNotInIndex_ErrorListsAvailable()
    {
        // Given
        var amd = new ImageBuilder().Platform("linux", "amd64").Layer(Layer("a", "amd")).Build();
        var arm = new ImageBuilder().Platform("linux", "arm64", "v8").Layer(Layer("a", "arm")).Build();
        OciLayoutWriter.Write(_dir.Path("img"), [amd.WithPlatform(), arm.WithPlatform()], amd.Blobs, arm.Blobs);

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("oci:" + _dir.Path("img"), Platform.Parse("linux/s390x")));

        // Then
        Assert.Contains("linux/s390x", e.Message, StringComparison.Ordinal);
        Assert.Contains("the index offers: linux/amd64, linux/arm64/v8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NestedIndexSelectedByTag_ResolvesThroughBothIndexes()
    {
        // Given
        var amd = new ImageBuilder().Platform("linux", "amd64").Layer(Layer("a", "amd")).Build();
        var arm = new ImageBuilder().Platform("linux", "arm64", "v8").Layer(Layer("a", "arm")).Build();
        var other = new ImageBuilder().Layer(Layer("b", "other")).Build();
        var blobs = new Dictionary<string, byte[]>();
        var nested = OciLayoutWriter.NestedIndex([amd.WithPlatform(), arm.WithPlatform()], blobs);
        OciLayoutWriter.Write(_dir.Path("img"), [OciLayoutWriter.Tagged(nested, "multi"), OciLayoutWriter.Tagged(other.Descriptor, "other")],
            amd.Blobs, arm.Blobs, other.Blobs, blobs);

        // When
        await using var image = await OpenAsync("oci:" + _dir.Path("img") + ":multi", Platform.Parse("linux/amd64"));

        // Then
        Assert.Equal(amd.ManifestDigest, image.ManifestDigest);
    }

    [Fact]
    public async Task OpenAsync_SeveralTagsAndNoTag_ErrorListsTags()
    {
        // Given
        var one = new ImageBuilder().Layer(Layer("a", "1")).Build();
        var two = new ImageBuilder().Layer(Layer("a", "2")).Build();
        OciLayoutWriter.Write(_dir.Path("img"), [OciLayoutWriter.Tagged(one.Descriptor, "1.0"), OciLayoutWriter.Tagged(two.Descriptor, "2.0")],
            one.Blobs, two.Blobs);

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("oci:" + _dir.Path("img")));
        await using var chosen = await OpenAsync("oci:" + _dir.Path("img") + ":2.0");

        // Then
        Assert.Contains("tags: 1.0, 2.0", e.Message, StringComparison.Ordinal);
        Assert.Equal(two.ManifestDigest, chosen.ManifestDigest);
    }

    [Fact]
    public async Task OpenAsync_ContainerdNameAnnotation_SelectsByTag()
    {
        // Given
        var one = new ImageBuilder().Layer(Layer("a", "1")).Build();
        var two = new ImageBuilder().Layer(Layer("a", "2")).Build();
        OciLayoutWriter.Write(_dir.Path("img"),
            [OciLayoutWriter.Tagged(one.Descriptor, "docker.io/library/app:1", "io.containerd.image.name"),
             OciLayoutWriter.Tagged(two.Descriptor, "docker.io/library/app:2", "io.containerd.image.name")],
            one.Blobs, two.Blobs);

        // When
        await using var image = await OpenAsync("oci:" + _dir.Path("img") + ":2");

        // Then
        Assert.Equal(two.ManifestDigest, image.ManifestDigest);
        Assert.Equal("docker.io/library/app:2", image.Reference?.ToString());
    }

    [Fact]
    public async Task OpenLayerAsync_CorruptedLayerBlob_ErrorNamesTheBlob()
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("etc/hostname", "box"), LayerCompression.Gzip).WriteOciLayout(_dir.Path("img"));
        var blob = OciLayoutWriter.BlobPath(_dir.Path("img"), built.LayerDigest(0).ToString());
        var bytes = File.ReadAllBytes(blob);
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(blob, bytes);
        await using var image = await OpenAsync("oci:" + _dir.Path("img"));

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => ReadLayerAsync(image, 0));

        // Then
        Assert.Contains("digest mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains(built.LayerDigest(0).ToString(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_CorruptedConfig_ErrorNamesConfig()
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("a", "b")).WriteOciLayout(_dir.Path("img"));
        var path = OciLayoutWriter.BlobPath(_dir.Path("img"), built.ConfigDigest.ToString());
        var bytes = File.ReadAllBytes(path);
        bytes[0] = (byte)' ';
        File.WriteAllBytes(path, bytes);

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("oci:" + _dir.Path("img")));

        // Then
        Assert.Contains($"digest mismatch for config {built.ConfigDigest}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_MissingLayerBlob_ErrorOnOpenLayer()
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("a", "b"), LayerCompression.Gzip).WriteOciLayout(_dir.Path("img"));
        File.Delete(OciLayoutWriter.BlobPath(_dir.Path("img"), built.LayerDigest(0).ToString()));
        await using var image = await OpenAsync("oci:" + _dir.Path("img"));

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => image.OpenLayerAsync(0, CancellationToken.None));

        // Then
        Assert.Contains("is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_HundredMegabyteManifest_RejectedWithoutReadingIt()
    {
        // Given: a sparse 100 MB blob whose descriptor claims a small size
        var dir = _dir.Path("img");
        var digest = "sha256:" + new string('a', 64);
        OciLayoutWriter.Write(dir, [new System.Text.Json.Nodes.JsonObject { ["mediaType"] = MediaTypes.OciManifest, ["digest"] = digest, ["size"] = 500 }]);
        Directory.CreateDirectory(Path.GetDirectoryName(OciLayoutWriter.BlobPath(dir, digest))!);
        using (var f = File.Create(OciLayoutWriter.BlobPath(dir, digest))) f.SetLength(100L * 1024 * 1024);
        var clock = Stopwatch.StartNew();

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("oci:" + dir));

        // Then
        Assert.Contains("is 100 MiB, over the 4 MiB limit", e.Message, StringComparison.Ordinal);
        Assert.True(clock.ElapsedMilliseconds < 2000, $"took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task OpenAsync_UnknownLayerMediaType_ClearError()
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("a", "b")).Build();
        var blobs = built.Blobs.ToDictionary();
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(blobs[built.ManifestDigest.ToString()])!;
        manifest["layers"]![0]!["mediaType"] = "application/x-strange";
        var bytes = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        blobs[Digest.Sha256(bytes).ToString()] = bytes;
        OciLayoutWriter.Write(_dir.Path("img"), [ImageBuilder.Descriptor(MediaTypes.OciManifest, bytes)], blobs);

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("oci:" + _dir.Path("img")));

        // Then
        Assert.Contains("unknown media type 'application/x-strange'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_OciArchive_ReadsInPlace()
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("a", "b"), LayerCompression.Gzip).WriteOciLayout(_dir.Path("img"), "v1");
        OciLayoutWriter.Archive(_dir.Path("img"), _dir.Path("img.tar"));

        // When
        await using var image = await OpenAsync("oci-archive:" + _dir.Path("img.tar") + ":v1");
        await using var sniffed = await OpenAsync(_dir.Path("img.tar"));

        // Then
        Assert.Equal(built.ManifestDigest, image.ManifestDigest);
        Assert.Equal(built.StoredLayers[0], await ReadLayerAsync(image, 0));
        Assert.Equal(built.ManifestDigest, sniffed.ManifestDigest);
    }

    [Fact]
    public async Task OpenAsync_ArchiveWithTraversalName_ErrorNamesEntry()
    {
        // Given
        new ImageBuilder().Layer(Layer("a", "b")).WriteOciLayout(_dir.Path("img"));
        OciLayoutWriter.Archive(_dir.Path("img"), _dir.Path("img.tar"));
        var evil = new TarBuilder().File("../../etc/evil", "x").Build();
        var tar = File.ReadAllBytes(_dir.Path("img.tar"));
        File.WriteAllBytes(_dir.Path("evil.tar"), [.. evil.AsSpan(0, evil.Length - 1024), .. tar]);

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("oci-archive:" + _dir.Path("evil.tar")));

        // Then
        Assert.Contains("unsafe entry name '../../etc/evil'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_TruncatedArchive_ClearError()
    {
        // Given
        new ImageBuilder().Layer(new TarBuilder().File("big", new byte[64 * 1024])).WriteOciLayout(_dir.Path("img"));
        OciLayoutWriter.Archive(_dir.Path("img"), _dir.Path("img.tar"));
        var tar = File.ReadAllBytes(_dir.Path("img.tar"));
        File.WriteAllBytes(_dir.Path("cut.tar"), tar[..(tar.Length / 2)]);

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("oci-archive:" + _dir.Path("cut.tar")));

        // Then
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_SingleImageOfOtherPlatform_TakenWithWarning()
    {
        // Given
        var built = new ImageBuilder().Platform("linux", "arm64", "v8").Layer(Layer("a", "b")).WriteOciLayout(_dir.Path("img"));
        var warnings = new Layers.RecordingProgressSink();

        // When
        await using var image = await Drydock.Images.Sources.ImageSources.OpenAsync("oci:" + _dir.Path("img"),
            new ImageOpenOptions { Platform = Platform.Parse("linux/amd64"), Progress = warnings },
            Drydock.Images.Sources.RemoteSourceFactories.Default, CancellationToken.None);

        // Then
        Assert.Equal(built.ManifestDigest, image.ManifestDigest);
        Assert.Contains("not the requested linux/amd64", Assert.Single(warnings.Warnings), StringComparison.Ordinal);
    }
}
