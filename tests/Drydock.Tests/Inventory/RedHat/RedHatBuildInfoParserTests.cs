using System.Text;
using Drydock.Inventory.RedHat;

namespace Drydock.Tests.Inventory.RedHat;

public sealed class RedHatBuildInfoParserTests
{
    [Fact]
    public void ParseManifest_IcmVersion1_ContentSetsAndLayerIndex()
    {
        // Given
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(RedHatBuildInfoAnalyzerTests.Manifest(2, "rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms")));

        // When
        var manifest = ContentManifestParser.Parse(stream);

        // Then
        Assert.Equal(["rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms"], manifest.ContentSets);
        Assert.Equal(2, manifest.ImageLayerIndex);
    }

    [Theory]
    [InlineData("null", 0)]
    [InlineData("{\"content_sets\": null}", 0)]
    [InlineData("{\"metadata\": {\"icm_version\": 1}}", 0)]
    public void ParseManifest_NoContentSets_Empty(string json, int count)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var manifest = ContentManifestParser.Parse(stream);
        Assert.Equal((count, (int?)null), (manifest.ContentSets.Count, manifest.ImageLayerIndex));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"content_sets\": \"rhel-8\"}")]
    [InlineData("{\"content_sets\": [1]}")]
    [InlineData("not json")]
    public void ParseManifest_WrongShape_InvalidData(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        Assert.Throws<InvalidDataException>(() => ContentManifestParser.Parse(stream));
    }

    [Theory]
    [InlineData("LABEL com.redhat.component=ubi7-container architecture=x86_64\n", "ubi7-container-7.7-140", "x86_64")]
    [InlineData("LABEL BZComponent=\"rhel-server-docker\"\nLABEL architecture=\"s390x\" version=\"7.3\" release=\"7\"\n", "rhel-server-docker-7.3-7", "s390x")]
    [InlineData("label com.redhat.component ubi7-container\nlabel architecture ppc64le\n", "ubi7-container-7.7-140", "ppc64le")]
    public void ParseDockerfile_LabelForms_NvrAndArch(string dockerfile, string nvr, string arch)
    {
        // Given / When: version and release come from the file name when the labels lack them
        var build = BuildInfoDockerfileParser.Parse(new StringReader(dockerfile), "Dockerfile-ubi7-container-7.7-140");

        // Then
        Assert.Equal((nvr, arch), build);
    }

    [Theory]
    [InlineData("LABEL architecture=x86_64\n")]
    [InlineData("LABEL com.redhat.component=ubi7-container\n")]
    public void ParseDockerfile_NoComponentOrArch_Null(string dockerfile) =>
        Assert.Null(BuildInfoDockerfileParser.Parse(new StringReader(dockerfile), "Dockerfile-ubi7-container-7.7-140"));

    [Theory]
    [InlineData("Dockerfile-ubi7-container-7.7-140", "7.7-140")]
    [InlineData("Dockerfile-x", null)]
    public void VersionReleaseFromName_LastTwoFields(string name, string? versionRelease) =>
        Assert.Equal(versionRelease, BuildInfoDockerfileParser.VersionReleaseFromName(name));
}
