using Drydock.Images;
using static Drydock.Tests.Images.Sources.SourceTestKit;

namespace Drydock.Tests.Images.Sources;

/// <summary>Real image archives and layouts from go-containerregistry and Trivy, with the results their tests assert.</summary>
public sealed class SharedImageDataTests
{
    private static string Tarball(string name) => SharedTestData.Path("go-containerregistry/pkg/v1/tarball/testdata/" + name);
    private static string Layout(string name) => SharedTestData.Path("go-containerregistry/pkg/v1/layout/testdata/" + name);
    private static string Trivy(string name) => SharedTestData.Path("trivy/pkg/fanal/test/testdata/" + name);

    [SharedDataFact]
    public async Task OpenAsync_TrivyAlpine311GzippedDockerSave_HasExpectedIds()
    {
        // Given: EXPECTED_alpine-311.tar.gz.json (ImageID, DiffID)
        var target = Trivy("alpine-311.tar.gz");

        // When
        await using var image = await OpenAsync(target);

        // Then
        Assert.Equal("sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72", image.Id.ToString());
        var layer = Assert.Single(image.Layers);
        Assert.Equal("sha256:beee9f30bc1f711043e78d4a2be0668955d4b761d587d6f60c2c8dc081efb203", layer.DiffId.ToString());
        Assert.Equal(5861888, (await ReadLayerAsync(image, 0)).Length);
        Assert.Equal("docker.io/library/alpine:3.11", image.Reference?.ToString());
    }

    [SharedDataTheory]
    [InlineData("test_image_1.tar", "sha256:6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e", 1)]
    [InlineData("test_image_2.tar", "sha256:930705ce23e3b6ed4c08746b6fe880089c864fbaf62482702ae3fdd66b8c7fe9", 1)]
    [InlineData("hello-world-v25.tar", "sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44", 1)]
    [InlineData("test_link.tar:bazel/v1/tarball:test_image_3", "sha256:d4c9adacde69c3d92446e0484cea29493e9fd573cf0c8febfc700d80c46697a4", 2)]
    [InlineData("test_bundle.tar:test_image_2", "sha256:930705ce23e3b6ed4c08746b6fe880089c864fbaf62482702ae3fdd66b8c7fe9", 1)]
    [InlineData("test_bundle.tar:@1", "sha256:6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e", 1)]
    public async Task OpenAsync_GoContainerRegistryTarballs_ValidateAsUpstream(string name, string id, int layers)
    {
        // Given
        var target = "docker-archive:" + Tarball(name);

        // When
        await using var image = await OpenAsync(target);

        // Then: every layer reads to its end against its diff id (upstream validate.Image)
        Assert.Equal(id, image.Id.ToString());
        Assert.Equal(layers, image.Layers.Count);
        for (var i = 0; i < image.Layers.Count; i++) Assert.Equal(image.Layers[i].Descriptor.Size, (await ReadLayerAsync(image, i)).Length);
    }

    [SharedDataTheory]
    [InlineData("no_manifest.tar", "has no manifest.json")]
    [InlineData("null_manifest.tar", "is empty (JSON null)")]
    [InlineData("test_bundle.tar", "holds 2 images")]
    public async Task OpenAsync_BrokenGoContainerRegistryTarballs_OneClearError(string name, string expected)
    {
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("docker-archive:" + Tarball(name)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [SharedDataTheory]
    [InlineData("test_index:1", "sha256:eebff607b1628d67459b0596643fc07de70d702eccf030f0bc7bb6fc2b278650")]
    [InlineData("test_index:3", "sha256:eebff607b1628d67459b0596643fc07de70d702eccf030f0bc7bb6fc2b278650")]
    [InlineData("test_index:4", "sha256:eebff607b1628d67459b0596643fc07de70d702eccf030f0bc7bb6fc2b278650")]
    [InlineData("test_index_one_image", "sha256:98ceaf93e482fe91b9bfd6bba07137c098e49ee2d55e69f09fb6c951e75e0e46")]
    public async Task OpenAsync_GoContainerRegistryLayouts_ResolveManifest(string name, string manifestDigest)
    {
        await using var image = await OpenAsync("oci:" + Layout(name));
        Assert.Equal(manifestDigest, image.ManifestDigest?.ToString());
        Assert.Equal(image.Layers[0].Descriptor.Size, (await ReadLayerAsync(image, 0)).Length);
    }

    [SharedDataFact]
    public async Task OpenAsync_DescriptorMediaTypeInIndex_UnsupportedError()
    {
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("oci:" + Layout("test_index") + ":2"));
        Assert.Contains("unsupported media type 'application/vnd.oci.descriptor.v1+json'", e.Message, StringComparison.Ordinal);
    }

    [SharedDataTheory]
    [InlineData("test.oci")]
    [InlineData("test_image_tag.oci:0.0.1")]
    public async Task OpenAsync_TrivyValidLayouts_Open(string name)
    {
        await using var image = await OpenAsync("oci:" + Trivy(name));
        Assert.Equal("sha256:b23a8f6569ae9ae331226205fa72f480ce5310707d0bc97e611f83fbbbde4604", image.Id.ToString());
        Assert.Equal("sha256:afb744871f99e0ff8e6f253244836ed34c5d805fdb096d3a205ffaf5e9073cab", image.ManifestDigest?.ToString());
    }

    [SharedDataTheory]
    [InlineData("test_bad_index_json.oci", "index.json in")]
    [InlineData("test_index_json_dir.oci", "index.json in")]
    [InlineData("test_invalid_oci_image.oci", "unsupported media type 'application/badmedia+json'")]
    [InlineData("test_no_valid_manifests.oci", "no manifests in")]
    [InlineData("test_image_tag.oci:9.9.9", "no image tagged '9.9.9'")]
    public async Task OpenAsync_TrivyBrokenLayouts_OneClearError(string name, string expected)
    {
        var e = await Assert.ThrowsAsync<DrydockException>(() => OpenAsync("oci:" + Trivy(name)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
