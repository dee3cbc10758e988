using System.Formats.Tar;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Inventory.Languages;
using Drydock.Inventory;
using Drydock.Inventory.Languages.Go;
using Drydock.Images.Targets;
using Drydock.Scanning;
using Drydock.Scanning.Cache;
using Drydock.Scanning.Pipeline;

namespace Drydock.IntegrationTests.Images.Layers;

/// <summary>
/// A real Go binary (Google Cloud SDK's <c>kpt</c>, 105 modules; GoBinaryOracleTests checks its analysis against
/// Trivy) in a real OCI layout made by umoci, scanned through the layer walker, where the binary is analysed while the
/// layer streams past and only the extract is cached. The oracle is the Go analyzer run on the whole file on disk.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BinaryExtractScanTests
{
    private const string Kpt = "/usr/lib/google-cloud-sdk/bin/kpt";

    [IntegrationFact("umoci", Kpt)]
    public async Task ScanAsync_RealGoBinaryColdThenWarm_EqualsWholeFileAnalysisAndCachesNoBinary()
    {
        // Given: the binary at usr/bin/kpt, on disk and as the one layer of an OCI image
        var work = TestRoot.NewRunDirectory("binary-extract");
        var rootfs = Path.Combine(work, "rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "usr/bin"));
        File.Copy(Kpt, Path.Combine(rootfs, "usr/bin/kpt"));
        var layerTar = Path.Combine(work, "layer.tar");
        await using (var tar = new TarWriter(File.Create(layerTar), TarEntryFormat.Pax, leaveOpen: false))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "usr/") { Mode = (UnixFileMode)0x1ED });
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "usr/bin/") { Mode = (UnixFileMode)0x1ED });
            await tar.WriteEntryAsync(Path.Combine(rootfs, "usr/bin/kpt"), "usr/bin/kpt");
        }
        var layout = Path.Combine(work, "oci");
        await ExternalProcess.RunAsync("umoci", ["init", "--layout", layout], TimeSpan.FromMinutes(1));
        await ExternalProcess.RunAsync("umoci", ["new", "--image", layout + ":t"], TimeSpan.FromMinutes(1));
        await ExternalProcess.RunAsync("umoci", ["raw", "add-layer", "--image", layout + ":t", layerTar], TimeSpan.FromMinutes(5));
        var analyzer = new GoBinaryAnalyzer();
        var expected = Describe(analyzer.Analyze(new AnalysisContext(new DirectoryFileSystemView(rootfs, analyzer), OsInfo.Unknown, CancellationToken.None)).Packages);
        var cache = Path.Combine(work, "layers.db");
        using var scanner = new ImageScanner(ScannerParts.Default(new ScannerSettings { CachePath = cache }));
        var request = new ScanRequest { Target = TargetParser.Parse("oci:" + layout + ":t"), RunControls = false };

        // When
        var cold = await scanner.ScanAsync(request, CancellationToken.None);
        var warm = await scanner.ScanAsync(request, CancellationToken.None);

        // Then: the same modules, path and layer both times; the cached layer is a few KB, not the 50 MB binary.
        Assert.True(expected.Length > 100, $"only {expected.Length} Go packages in kpt");
        Assert.Equal(expected, Describe(cold.Inventory.Packages));
        Assert.Equal(expected, Describe(warm.Inventory.Packages));
        using var layers = new LayerCache(cache, LayerCache.DefaultMaxBytes);
        var (entries, bytes) = layers.Stats();
        Assert.Equal(1, entries);
        Assert.True(bytes < 64 * 1024, $"the cached layer holds {bytes} bytes");
        Directory.Delete(work, recursive: true);
    }

    private static string[] Describe(IEnumerable<Package> packages) =>
        [.. packages.Where(p => p.Type == PackageType.Go).Select(p => $"{p.Purl} {p.FoundIn} {p.LayerIndex}").Order(StringComparer.Ordinal)];
}
