using System.Text.Json;
using Drydock.Cli;
using Drydock.Images;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Cli;

public sealed class InspectCommandTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Inspect_JsonFormat_ReportsIdsConfigLayersAndHistoryMapping()
    {
        // Given
        var built = new ImageBuilder().User("app").Label("org.opencontainers.image.source", "https://example.org")
            .Layer(new TarBuilder().File("etc/a", "1"), LayerCompression.Gzip).EmptyStep("CMD [\"/bin/sh\"]")
            .Layer(new TarBuilder().File("etc/b", "2"))
            .WriteOciLayout(_dir.Path("img"), "v1");

        // When
        var (code, output, error) = await CliRun.RunAsync("inspect", "oci:" + _dir.Path("img") + ":v1", "--format", "json");

        // Then
        Assert.Equal(0, code);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(built.ManifestDigest.ToString(), root.GetProperty("digest").GetString());
        Assert.Equal(built.ConfigDigest.ToString(), root.GetProperty("id").GetString());
        Assert.Equal("linux/amd64", root.GetProperty("platform").GetString());
        Assert.Equal("app", root.GetProperty("config").GetProperty("user").GetString());
        Assert.Equal("https://example.org", root.GetProperty("config").GetProperty("labels").GetProperty("org.opencontainers.image.source").GetString());
        Assert.Equal(MediaTypes.OciLayerGzip, root.GetProperty("layers")[0].GetProperty("mediaType").GetString());
        var history = root.GetProperty("history");
        Assert.Equal(0, history[0].GetProperty("layer").GetInt32());
        Assert.Equal(JsonValueKind.Null, history[1].GetProperty("layer").ValueKind);
        Assert.Equal(1, history[2].GetProperty("layer").GetInt32());
    }

    [Fact]
    public async Task Inspect_TableWithListFiles_ShowsHistoryUntruncatedAndFiles()
    {
        // Given
        var longStep = "RUN " + new string('x', 300);
        new ImageBuilder().Layer(new TarBuilder().File("usr/bin/tool", "#!", mode: 0x9ed, uid: 0, gid: 0)).EmptyStep(longStep)
            .WriteDockerArchive(_dir.Path("img.tar"), DockerArchiveLayout.Legacy, "app:1");

        // When
        var (code, output, _) = await CliRun.RunAsync("inspect", _dir.Path("img.tar"), "--list-files");

        // Then
        Assert.Equal(0, code);
        Assert.Contains(longStep, output, StringComparison.Ordinal);
        Assert.Contains("-rwsr-xr-x 0:0", output, StringComparison.Ordinal);
        Assert.Contains("usr/bin/tool", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_CorruptImage_ExitThreeWithOneLine()
    {
        // Given
        var built = new ImageBuilder().Layer(new TarBuilder().File("a", "b")).WriteOciLayout(_dir.Path("img"));
        File.WriteAllText(OciLayoutWriter.BlobPath(_dir.Path("img"), built.ConfigDigest.ToString()), "{}");

        // When
        var (code, output, error) = await CliRun.RunAsync("inspect", "oci:" + _dir.Path("img"));

        // Then
        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("drydock: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_BadTarget_ExitTwo()
    {
        var (code, _, error) = await CliRun.RunAsync("inspect", "./no/such/image.tar");
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
