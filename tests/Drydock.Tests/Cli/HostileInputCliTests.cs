using System.CommandLine;
using Drydock.Cli;
using Drydock.Images;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Cli;

/// <summary>Issue 18: hostile bytes end in exit 3 and one stderr line, never a stack trace.</summary>
public sealed class HostileInputCliTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(args);

    [Fact]
    public async Task RunAsync_CommandThrowsUnexpectedException_OneLineAndExit3()
    {
        // Given: a command failing in a way no handler typed
        var root = new RootCommand();
        root.SetAction(new Func<ParseResult, int>(_ => throw new InvalidOperationException("boom\nat line two")));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When
        var code = await DrydockCli.RunAsync(root, [], stdout, stderr);

        // Then
        Assert.Equal(3, code);
        Assert.Equal("drydock: internal error (InvalidOperationException): boom at line two" + Environment.NewLine, stderr.ToString());
    }

    [Theory]
    [InlineData("oci")]
    [InlineData("docker-archive")]
    [InlineData("docker-archive-gzip")]
    public async Task Inspect_LayerWithBase256SizeOutOfRange_Exit3NamingEntryLayerAndField(string transport)
    {
        // Given: a layer whose one header holds a base-256 size wider than Int64 (an OverflowException, exit 134, before)
        var layer = RawTarBuilder.Patch(new RawTarBuilder().File("etc/passwd", "root").Build(), 0, 124,
            RawTarBuilder.Base256(12, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
        var builder = new ImageBuilder().Layer(layer, LayerCompression.Gzip);
        var target = transport == "oci" ? "oci:" + _dir.Path("img") : "docker-archive:" + _dir.Path("img.tar");
        var built = transport == "oci"
            ? builder.WriteOciLayout(_dir.Path("img"))
            : builder.WriteDockerArchive(_dir.Path("img.tar"), DockerArchiveLayout.Legacy, "app:1");
        if (transport.EndsWith("gzip", StringComparison.Ordinal))
            File.WriteAllBytes(_dir.Path("img.tar"), TarBuilder.Gzip(File.ReadAllBytes(_dir.Path("img.tar"))));

        // When
        var (code, _, error) = await RunAsync("inspect", target, "--list-files");

        // Then
        Assert.Equal(3, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"drydock: layer 0 ({built.LayerDigest(0)}) of ", error, StringComparison.Ordinal);
        Assert.Contains(": entry 'etc/passwd': size field out of range (", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_ArchiveWithWrongHeaderChecksum_Exit3TruncatedOrCorrupt()
    {
        // Given: a docker archive whose own tar has one header byte changed
        new ImageBuilder().Layer(new TarBuilder().File("a", "1")).WriteDockerArchive(_dir.Path("img.tar"), DockerArchiveLayout.Legacy, "app:1");
        var bytes = File.ReadAllBytes(_dir.Path("img.tar"));
        bytes[2] ^= 0x20;
        File.WriteAllBytes(_dir.Path("img.tar"), bytes);

        // When
        var (code, _, error) = await RunAsync("inspect", "docker-archive:" + _dir.Path("img.tar"));

        // Then
        Assert.Equal(3, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("header checksum mismatch at offset 0", error, StringComparison.Ordinal);
        Assert.Contains("truncated or corrupt tar", error, StringComparison.Ordinal);
    }
}
