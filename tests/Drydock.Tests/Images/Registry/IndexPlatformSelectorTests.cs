using Drydock.Images;
using Drydock.Images.Sources;

namespace Drydock.Tests.Images.Registry;

public sealed class IndexPlatformSelectorTests
{
    private static readonly ImageIndex Index = new()
    {
        SchemaVersion = 2,
        Manifests =
        [
            Entry("a", "linux", "amd64", null),
            Entry("b", "linux", "arm", "v7"),
            Entry("c", "linux", "arm64", "v8"),
            Entry("d", "unknown", "unknown", null) with
            {
                Annotations = new Dictionary<string, string> { ["vnd.docker.reference.type"] = "attestation-manifest" },
            },
        ],
    };

    [Theory]
    [InlineData("linux/amd64", "a")]
    [InlineData("linux/arm64", "c")]
    [InlineData("linux/aarch64/v8", "c")]
    [InlineData("linux/arm/v7", "b")]
    public void Select_WantedPlatform_MatchingEntry(string wanted, string expected)
    {
        // Given / When
        var chosen = IndexPlatformSelector.Select(Index, Platform.Parse(wanted), "test");

        // Then
        Assert.Equal(Hex(expected), chosen.Digest);
    }

    [Fact]
    public void Select_NoMatch_ErrorListsOfferedPlatformsWithoutAttestations()
    {
        // Given / When
        var error = Assert.Throws<DrydockException>(() => IndexPlatformSelector.Select(Index, Platform.Parse("linux/s390x"), "registry r: app:1"));

        // Then
        Assert.Equal("registry r: app:1: no image for platform linux/s390x; the index offers: linux/amd64, linux/arm/v7, linux/arm64/v8 (choose one with --platform)", error.Message);
    }

    [Fact]
    public void Select_SingleEntryWithoutPlatform_ThatEntry()
    {
        // Given
        var index = new ImageIndex { Manifests = [new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Hex("e"), Size = 1 }] };

        // When
        var chosen = IndexPlatformSelector.Select(index, Platform.Parse("linux/arm64"), "test");

        // Then
        Assert.Equal(Hex("e"), chosen.Digest);
    }

    private static Descriptor Entry(string id, string os, string arch, string? variant) => new()
    {
        MediaType = MediaTypes.OciManifest,
        Digest = Hex(id),
        Size = 100,
        Platform = new Platform { Os = os, Architecture = arch, Variant = variant },
    };

    private static string Hex(string id) => "sha256:" + new string(id[0], 64);
}
