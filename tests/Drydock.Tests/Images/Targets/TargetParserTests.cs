using Drydock.Images.Targets;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Images.Targets;

public sealed class TargetParserTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Parse_TransportPrefixes_GiveTransportAndParts()
    {
        // Given
        File.WriteAllBytes(_dir.Path("a.tar"), []);
        Directory.CreateDirectory(_dir.Path("layout"));

        // When
        var archive = TargetParser.Parse("docker-archive:" + _dir.Path("a.tar") + ":app:1");
        var indexed = TargetParser.Parse("docker-archive:" + _dir.Path("a.tar") + ":@2");
        var oci = TargetParser.Parse("oci:" + _dir.Path("layout") + ":v1.2");
        var registry = TargetParser.Parse("registry:127.0.0.1:5000/team/app:1");
        var engine = TargetParser.Parse("docker:nginx:1.27");
        var bare = TargetParser.Parse("debian:12");

        // Then
        Assert.Equal((ImageTransport.DockerArchive, _dir.Path("a.tar"), "docker.io/library/app:1"), (archive.Transport, archive.Path, archive.Reference?.ToString()));
        Assert.Equal(2, indexed.SourceIndex);
        Assert.Equal((ImageTransport.Oci, _dir.Path("layout"), "v1.2"), (oci.Transport, oci.Path, oci.Tag));
        Assert.Equal((ImageTransport.Registry, "127.0.0.1:5000/team/app:1"), (registry.Transport, registry.Reference?.ToString()));
        Assert.Equal((ImageTransport.DockerEngine, "nginx:1.27"), (engine.Transport, engine.EngineName));
        Assert.Equal("docker.io/library/debian:12", bare.Reference?.ToString());
    }

    [Fact]
    public void Parse_OciDirectoryWithColonInName_NotSplit()
    {
        // Given
        Directory.CreateDirectory(_dir.Path("img:v1"));

        // When
        var target = TargetParser.Parse("oci:" + _dir.Path("img:v1"));

        // Then
        Assert.Equal(_dir.Path("img:v1"), target.Path);
        Assert.Null(target.Tag);
    }

    [Fact]
    public void Parse_BarePaths_AreSniffed()
    {
        // Given
        new ImageBuilder().Layer(new TarBuilder().File("a", "b")).WriteOciLayout(_dir.Path("layout"));
        OciLayoutWriter.Archive(_dir.Path("layout"), _dir.Path("oci.tar"));
        new ImageBuilder().Layer(new TarBuilder().File("a", "b")).WriteDockerArchive(_dir.Path("legacy.tar"), DockerArchiveLayout.Legacy);
        new ImageBuilder().Layer(new TarBuilder().File("a", "b")).WriteDockerArchive(_dir.Path("v25.tar"), DockerArchiveLayout.OciInTar);

        // When / Then
        Assert.Equal(ImageTransport.Oci, TargetParser.Parse(_dir.Path("layout")).Transport);
        Assert.Equal(ImageTransport.OciArchive, TargetParser.Parse(_dir.Path("oci.tar")).Transport);
        Assert.Equal(ImageTransport.DockerArchive, TargetParser.Parse(_dir.Path("legacy.tar")).Transport);
        Assert.Equal(ImageTransport.DockerArchive, TargetParser.Parse(_dir.Path("v25.tar")).Transport);
    }

    [Theory]
    [InlineData("")]
    [InlineData("./no/such/file.tar")]
    [InlineData("registry:UPPER/Case")]
    [InlineData("docker:")]
    public void Parse_BadTarget_UsageException(string text)
    {
        Assert.Throws<UsageException>(() => TargetParser.Parse(text));
    }

    [Fact]
    public void Parse_DirectoryWithoutOciLayout_UsageException()
    {
        var e = Assert.Throws<UsageException>(() => TargetParser.Parse(_dir.Root));
        Assert.Contains("not an OCI image layout", e.Message, StringComparison.Ordinal);
    }
}
