using Drydock.Bases;
using Drydock.Cli;
using Drydock.Controls.Trust;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Cli;

public sealed class BaseCommandTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Add_OciLayoutAs_RecordsDigestAndDiffIdsThenListAndRemove()
    {
        // Given
        var built = new ImageBuilder()
            .Layer(new TarBuilder().File("etc/os-release", "ID=debian\n"))
            .Layer(new TarBuilder().File("etc/base", "1"))
            .WriteOciLayout(_dir.Path("base"), "12");
        var catalog = _dir.Path("bases.json");

        // When
        var added = await CliRun.RunAsync("base", "add", "oci:" + _dir.Path("base") + ":12", "--as", "debian:12", "--catalog", catalog);
        var listed = await CliRun.RunAsync("base", "list", "--catalog", catalog);
        var removed = await CliRun.RunAsync("base", "remove", "debian:12", "--catalog", catalog);

        // Then
        Assert.Equal((0, ""), (added.Code, added.Err));
        Assert.StartsWith($"added docker.io/library/debian:12@{built.ManifestDigest} (2 layer(s))", added.Out, StringComparison.Ordinal);
        Assert.StartsWith($"docker.io/library/debian:12\t{built.ManifestDigest}\t2 layer(s)\t", listed.Out, StringComparison.Ordinal);
        Assert.Equal(0, removed.Code);
        Assert.Empty(new BaseCatalog(catalog).Load());
    }

    [Fact]
    public async Task Add_TargetWithoutReference_UsageErrorAsksForAs()
    {
        // Given
        new ImageBuilder().Layer(new TarBuilder().File("a", "1")).WriteOciLayout(_dir.Path("img"), "1");

        // When
        var (code, output, error) = await CliRun.RunAsync("base", "add", "oci:" + _dir.Path("img") + ":1", "--catalog", _dir.Path("c.json"));

        // Then
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("name it with --as REF", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_UnknownReference_UsageError()
    {
        // When
        var (code, _, error) = await CliRun.RunAsync("base", "remove", "nope:1", "--catalog", _dir.Path("c.json"));

        // Then
        Assert.Equal(2, code);
        Assert.Contains("is not in the base catalogue", error, StringComparison.Ordinal);
    }
}
