using Drydock.Images;
using Drydock.Images.Layers.Inflate;
using Drydock.Images.Sources;
using Drydock.Images.Targets;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.Scanning;
using Drydock.Scanning.Pipeline;

namespace Drydock.IntegrationTests.Images.Layers;

/// <summary>
/// Layers that a real tool compressed with zstd (<c>skopeo copy --dest-compress-format zstd</c> of the Debian test
/// image, scripts/it/build-test-image.sh): libzstd's path decodes them to the bytes the managed ZstdSharp path gives,
/// and a scan of the zstd image finds what the scan of the same image with gzip layers finds.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ZstdLayerScanTests
{
    [IntegrationFact("mmdebstrap", "umoci", "skopeo")]
    public async Task Decode_SkopeoZstdLayers_LibzstdAndManagedGiveTheSameTar()
    {
        // Given
        await TestImages.EnsureBuiltAsync();
        var native = ZstdChoice.Resolve(null, ZstdLibrary.Candidates(AppContext.BaseDirectory));
        Assert.True(native.Library is not null, "libzstd1 is needed (scripts/install-deps.sh): " + native.Description);
        await using var image = await Open($"oci:{TestImages.OciZstdLayout}:{TestImages.Tag}");
        Assert.All(image.Layers, l => Assert.Equal(LayerCompression.Zstd, l.Compression));

        foreach (var layer in image.Layers)
        {
            // When
            var viaLibzstd = await Tar(image, layer.Index, native);
            var viaManaged = await Tar(image, layer.Index, ZstdChoice.Managed("test"));

            // Then: identical, and each is the tar the config's diff id names
            Assert.Equal(viaManaged.Length, viaLibzstd.Length);
            Assert.Equal(layer.DiffId.Hex, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(viaLibzstd)));
            Assert.True(viaManaged.AsSpan().SequenceEqual(viaLibzstd), $"layer {layer.Index}: the two decoders differ");
        }
    }

    [IntegrationFact("mmdebstrap", "umoci", "skopeo")]
    public async Task ScanAsync_ZstdImage_SameInventoryAsTheGzipImage()
    {
        // Given: the same image twice, gzip layers (umoci) and zstd layers (skopeo)
        await TestImages.EnsureBuiltAsync();
        using var scanner = new ImageScanner(ScannerParts.Default(new ScannerSettings()));

        // When
        var gzip = await scanner.ScanAsync(Request($"oci:{TestImages.OciLayout}:{TestImages.Tag}"), CancellationToken.None);
        var zstd = await scanner.ScanAsync(Request($"oci:{TestImages.OciZstdLayout}:{TestImages.Tag}"), CancellationToken.None);

        // Then
        Assert.True(gzip.Inventory.Packages.Count > 50, $"only {gzip.Inventory.Packages.Count} packages in the Debian test image");
        Assert.Equal(Describe(gzip), Describe(zstd));
    }

    private static ScanRequest Request(string target) => new() { Target = TargetParser.Parse(target), RunControls = false };

    private static string[] Describe(ScanReport report) =>
        [.. report.Inventory.Packages.Select(p => $"{p.Purl} {p.FoundIn} {p.LayerIndex}").Order(StringComparer.Ordinal)];

    private static async Task<byte[]> Tar(IImage image, int index, ZstdChoice choice)
    {
        await using var stored = await image.OpenLayerAsync(index, CancellationToken.None);
        await using var tar = ZstdDecode.Open(choice, stored);
        using var copy = new MemoryStream();
        await tar.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static Task<IImage> Open(string target) =>
        ImageSources.OpenAsync(target, new ImageOpenOptions { TempDirectory = TestRoot.Sub("tmp") }, RemoteSourceFactories.Default, CancellationToken.None);
}
