using Drydock.Images;
using Drydock.Images.Targets;
using Drydock.Tests.Builders;
using static Drydock.Tests.Images.Sources.SourceTestKit;

namespace Drydock.Tests.Images.Sources;

public sealed class DockerArchiveSourceTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(DockerArchiveLayout.Legacy)]
    [InlineData(DockerArchiveLayout.Skopeo)]
    [InlineData(DockerArchiveLayout.OciInTar)]
    public async Task OpenAsync_EachLayout_YieldsImageWithVerifiedLayers(DockerArchiveLayout layout)
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("etc/hostname", "box")).Layer(Layer("etc/motd", "hi"))
            .WriteDockerArchive(_dir.Path("img.tar"), layout, "team/app:1");

        // When
        await using var image = await OpenAsync("docker-archive:" + _dir.Path("img.tar"));

        // Then
        Assert.Equal(built.ConfigDigest, image.Id);
        // Docker 25+ archives carry the real OCI manifest; the older layouts only a synthesised one.
        Assert.Equal(layout == DockerArchiveLayout.OciInTar ? built.ManifestDigest : null, image.ManifestDigest);
        Assert.Equal("docker.io/team/app:1", image.Reference?.ToString());
        Assert.Equal(2, image.Layers.Count);
        Assert.All(image.Layers, l => Assert.Equal(LayerCompression.None, l.Compression));
        Assert.Equal(built.LayerTars[1], await ReadLayerAsync(image, 1));
        Assert.Equal(layout == DockerArchiveLayout.OciInTar ? MediaTypes.OciManifest : MediaTypes.DockerManifest, image.Manifest.MediaType);
        Assert.Equal(image.Id.ToString(), image.Manifest.Config.Digest);
    }

    [Fact]
    public async Task OpenAsync_BareDocker25Tar_SniffedAsDockerArchive()
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("a", "b")).WriteDockerArchive(_dir.Path("img.tar"), DockerArchiveLayout.OciInTar);

        // When
        await using var image = await OpenAsync(_dir.Path("img.tar"));

        // Then
        Assert.Equal(ImageTransport.DockerArchive, TargetParser.Parse(_dir.Path("img.tar")).Transport);
        Assert.Equal(built.ConfigDigest, image.Id);
    }

    [Fact]
    public async Task OpenAsync_SeveralImages_SelectByTagOrIndexAndAmbiguityListsChoices()
    {
        // Given
        var one = new ImageBuilder().Layer(Layer("a", "1")).Build();
        var two = new ImageBuilder().Layer(Layer("a", "2")).Build();
        DockerArchiveWriter.Write(_dir.Path("img.tar"), DockerArchiveLayout.Legacy, [(one, ["app:1"]), (two, ["app:2"])]);

        // When
        await using var byTag = await OpenAsync("docker-archive:" + _dir.Path("img.tar") + ":app:2");
        await using var byIndex = await OpenAsync("docker-archive:" + _dir.Path("img.tar") + ":@0");
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("docker-archive:" + _dir.Path("img.tar")));

        // Then
        Assert.Equal(two.ConfigDigest, byTag.Id);
        Assert.Equal(one.ConfigDigest, byIndex.Id);
        Assert.Contains("@0: app:1, @1: app:2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenLayerAsync_LayerNotMatchingDiffId_ErrorNamesLayer()
    {
        // Given: a legacy archive whose layer.tar was altered after the config was written
        var built = new ImageBuilder().Layer(Layer("etc/hostname", "box")).Build();
        var altered = built with { StoredLayers = [new TarBuilder().File("etc/hostname", "evil").Build()] };
        DockerArchiveWriter.Write(_dir.Path("img.tar"), DockerArchiveLayout.Legacy, [(altered, ["app:1"])]);
        await using var image = await OpenAsync("docker-archive:" + _dir.Path("img.tar"));

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => ReadLayerAsync(image, 0));

        // Then
        Assert.Contains("digest mismatch for layer 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("/layer.tar", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_GzipLayerInArchive_SniffedAndVerifiedByItsName()
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("a", "b"), LayerCompression.Gzip)
            .WriteDockerArchive(_dir.Path("img.tar"), DockerArchiveLayout.Skopeo, "app:1");

        // When
        await using var image = await OpenAsync("docker-archive:" + _dir.Path("img.tar"));

        // Then
        Assert.Equal(LayerCompression.Gzip, image.Layers[0].Compression);
        Assert.Equal(built.LayerDigest(0).ToString(), image.Layers[0].Descriptor.Digest);
        Assert.Equal(built.StoredLayers[0], await ReadLayerAsync(image, 0));
    }

    [Fact]
    public async Task OpenAsync_WholeArchiveGzipped_ReadAndTempFileRemoved()
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("a", "b")).WriteDockerArchive(_dir.Path("img.tar"), DockerArchiveLayout.Legacy, "app:1");
        File.WriteAllBytes(_dir.Path("img.tar.gz"), TarBuilder.Gzip(File.ReadAllBytes(_dir.Path("img.tar"))));
        var temp = Directory.CreateDirectory(_dir.Path("tmp")).FullName;

        // When
        var image = await OpenAsync(_dir.Path("img.tar.gz"), temp: temp);
        var layer = await ReadLayerAsync(image, 0);
        var whileOpen = Directory.GetFiles(temp).Length;
        await image.DisposeAsync();

        // Then
        Assert.Equal(built.LayerTars[0], layer);
        Assert.Equal(1, whileOpen);
        Assert.Empty(Directory.GetFiles(temp));
    }

    [Fact]
    public async Task OpenAsync_ConfigNotMatchingItsName_Error()
    {
        // Given
        var built = new ImageBuilder().Layer(Layer("a", "b")).Build();
        var forged = built with { Config = new ImageBuilder().User("evil").Layer(Layer("a", "b")).ConfigBytes() };
        var named = new TarBuilder().File(built.ConfigDigest.Hex + ".json", forged.Config)
            .File("l/layer.tar", built.LayerTars[0])
            .File("manifest.json", $$"""[{"Config":"{{built.ConfigDigest.Hex}}.json","RepoTags":null,"Layers":["l/layer.tar"]}]""");
        File.WriteAllBytes(_dir.Path("img.tar"), named.Build());

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("docker-archive:" + _dir.Path("img.tar")));

        // Then
        Assert.Contains($"digest mismatch for config {built.ConfigDigest.Hex}.json", e.Message, StringComparison.Ordinal);
    }
}
