using Drydock.Images;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Layers.Inflate;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Cli;

/// <summary>
/// Issue 17, whole process: the ISA-L and the managed gzip paths give the same report and the same error, and
/// <c>DRYDOCK_INFLATE=managed</c> makes the process take (and say it takes) the managed path.
/// </summary>
public sealed class InflatePathCliTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private static readonly Dictionary<string, string> Managed = new() { ["DRYDOCK_INFLATE"] = "managed", ["SOURCE_DATE_EPOCH"] = "1700000000" };
    private static readonly Dictionary<string, string> Default = new() { ["SOURCE_DATE_EPOCH"] = "1700000000" };

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [IsalFact]
    public async Task VersionVerbose_EachSetting_NamesThePathTaken()
    {
        // Given / When
        var isal = await RunAsync(Default, "version", "--verbose");
        var managed = await RunAsync(Managed, "version", "--verbose");

        // Then
        Assert.Equal(0, isal.Code);
        Assert.Contains("\ngzip inflate: isa-l (", isal.Out, StringComparison.Ordinal);
        Assert.Contains("\ngzip inflate: managed zlib (System.IO.Compression; DRYDOCK_INFLATE=managed)\n", managed.Out, StringComparison.Ordinal);
        // Only the NativeAOT binary asks for huge start-up pages (DrydockImageTests covers it); this is the JIT build.
        Assert.Matches("\nstart-up pages: standard pages \\((a framework-dependent build|transparent huge pages are off)", isal.Out);
        Assert.Contains("\nheap commits: faulted page by page (a framework-dependent build; the native binary populates them)\n", isal.Out, StringComparison.Ordinal);
    }

    [IsalFact]
    public async Task Image_GzipLayers_SameReportOnBothPaths()
    {
        // Given: two gzip layers, a dpkg database and enough data to span many deflate blocks
        var random = new byte[400_000];
        new Random(3).NextBytes(random);
        var status = string.Concat(Enumerable.Range(0, 300).Select(i =>
            $"Package: lib{i}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.{i}-1\n\n"));
        new ImageBuilder()
            .Layer(new TarBuilder().File("etc/os-release", "ID=debian\nVERSION_ID=12\n").File("var/lib/dpkg/status", status), LayerCompression.Gzip)
            .Layer(new TarBuilder().File("opt/data.bin", random).File("etc/passwd", "root:x:0:0::/root:/bin/sh\n"), LayerCompression.Gzip)
            .WriteOciLayout(_dir.Path("img"));
        string[] scan = ["image", "oci:" + _dir.Path("img"), "--scanners", "controls", "--no-cache", "-f", "json", "-q"];

        // When
        var isal = await RunAsync(Default, scan);
        var managed = await RunAsync(Managed, scan);

        // Then
        Assert.True(isal.Code == 0, isal.Err);
        Assert.Contains("\"lib299\"", isal.Out, StringComparison.Ordinal);
        Assert.Equal(managed, isal);
    }

    [IsalFact]
    public async Task Image_CorruptGzipLayer_SameErrorOnBothPaths()
    {
        // Given: a gzip layer with a byte flipped in its deflate data (stored as is, so its blob digest holds); GNU
        // headers, whose bytes are the same in every run (PAX headers carry the time they were written, which moved the
        // flipped byte and now and then made the corrupt data end the tar early: another error, the test failing)
        var tar = new TarBuilder(System.Formats.Tar.TarEntryFormat.Gnu).File("etc/os-release", "ID=debian\nVERSION_ID=12\n").File("opt/a", new string('x', 100_000)).Build();
        var gzip = TarBuilder.Gzip(tar);
        gzip[gzip.Length / 2] ^= 0x55;
        new ImageBuilder().Layer(gzip).WriteOciLayout(_dir.Path("img"));
        string[] scan = ["image", "oci:" + _dir.Path("img"), "--scanners", "controls", "--no-cache", "-q"];

        // When
        var isal = await RunAsync(Default, scan);
        var managed = await RunAsync(Managed, scan);

        // Then: exit 3 and one line each, the same up to the decoder's own words
        Assert.Equal((3, 3), (isal.Code, managed.Code));
        Assert.Single(isal.Err.TrimEnd('\n').Split('\n'));
        Assert.Single(managed.Err.TrimEnd('\n').Split('\n'));
        const string Class = "truncated or malformed tar";
        Assert.Contains(Class, isal.Err, StringComparison.Ordinal);
        Assert.Equal(managed.Err[..managed.Err.IndexOf(Class, StringComparison.Ordinal)], isal.Err[..isal.Err.IndexOf(Class, StringComparison.Ordinal)]);
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        using var drydock = new DrydockProcess(_dir.Path("cache"), environment, args);
        return await drydock.WaitAsync(Bound) ?? throw new TimeoutException($"drydock {string.Join(' ', args)} did not end within {Bound}");
    }
}
