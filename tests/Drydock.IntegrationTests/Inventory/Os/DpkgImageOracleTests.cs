using System.Text.Json;
using Drydock.Cli;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Reports;
using Drydock.Inventory;

namespace Drydock.IntegrationTests.Inventory.Os;

/// <summary>
/// The integration suite's mmdebstrap image (Debian bookworm, essential variant: 69 real packages, several with a
/// <c>Source:</c> of another name or version and an epoch) against dpkg's own <c>dpkg-query --admindir</c>, run on the
/// dpkg database unpacked from the very rootfs tar that is the image's first layer; and the same image with a layer in
/// which dpkg itself installed two more packages (scripts/it/build-oracle-images.sh deb), against dpkg-query on the
/// database that install left.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DpkgImageOracleTests
{
    // dpkg-query(1) fields: source:Package / source:Version fall back to the binary's name / version, as Package.AdvisoryName does.
    private const string QueryFormat = "${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\t${db:Status-Status}\n";

    [IntegrationFact("mmdebstrap", "umoci", "skopeo", "dpkg-query", "tar")]
    public async Task Inventory_MmdebstrapImage_EqualsDpkgQuery()
    {
        // Given
        await TestImages.EnsureBuiltAsync();
        var expected = await DpkgQueryAsync();

        // When
        var inventory = await InventoryPipeline.InventoryAsync($"oci:{TestImages.OciLayout}:{TestImages.Tag}");

        // Then
        Assert.Empty(inventory.Warnings);
        Assert.Equal("debian", inventory.Os.Family);
        Assert.True(expected.Count >= 60, $"dpkg-query listed only {expected.Count} packages");
        Assert.Equal(expected, InventoryPipeline.Lines(inventory, PackageType.Deb, Line));
        Assert.All(inventory.Packages.Where(p => p.Type == PackageType.Deb), p => Assert.Equal(0, p.LayerIndex));
        Assert.Contains(inventory.Packages, p => p.Epoch is > 0 && p.SourceName is not null);
    }

    [IntegrationFact("mmdebstrap", "umoci", "skopeo", "dpkg-query", "tar", "node", "npm")]
    public async Task SbomCli_CycloneDxOfDockerArchive_ValidAndEqualsDpkgQuery()
    {
        // Given
        await TestImages.EnsureBuiltAsync();
        var expected = await DpkgQueryAsync();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When
        var exit = await DrydockCli.RunAsync(
            ["sbom", $"docker-archive:{TestImages.DockerArchive}", "--format", "cyclonedx", "--no-cache", "--quiet"], stdout, stderr);

        // Then
        Assert.True(exit == 0, stderr.ToString());
        var (valid, output) = await SchemaValidator.ValidateAsync("cyclonedx", stdout.ToString());
        Assert.True(valid, output);
        using var bom = JsonDocument.Parse(stdout.ToString());
        var debs = bom.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("purl", out var purl) && purl.GetString()!.StartsWith("pkg:deb/debian/", StringComparison.Ordinal))
            .Select(c => (Name: c.GetProperty("name").GetString()!, Version: c.GetProperty("version").GetString()!, Props: Properties(c)))
            .ToList();
        Assert.Equal(expected, new SortedSet<string>(debs.Select(c =>
            $"{c.Name}\t{c.Version}\t{c.Props["drydock:package:architecture"]}\t{c.Props.GetValueOrDefault("drydock:package:sourceName", c.Name)}"
            + $"\t{c.Props.GetValueOrDefault("drydock:package:sourceVersion", c.Version)}"), StringComparer.Ordinal));
        Assert.All(debs, c => Assert.Equal("0", c.Props["drydock:layer:index"]));
    }

    [IntegrationFact("mmdebstrap", "umoci", "skopeo", "dpkg-query", "dpkg-deb", "tar")]
    public async Task Inventory_DpkgInstallOnTopInItsOwnLayer_EqualsDpkgQueryWithTheLayerOfEachPackage()
    {
        // Given: the image above plus a layer in which dpkg installed a new package and upgraded hostname
        await TestImages.EnsureBuiltAsync();
        var dir = await OracleImages.EnsureBuiltAsync("deb", TestImages.OciLayout);
        var before = await DpkgQueryAsync();
        var expected = await DpkgQueryAsync(Path.Combine(dir, "admin"));

        // When
        var inventory = await InventoryPipeline.InventoryAsync($"oci:{Path.Combine(dir, "oci")}:2");

        // Then: a package is from the new layer exactly when dpkg-query's line for it changed or is new
        Assert.Empty(inventory.Warnings);
        Assert.Equal(expected, InventoryPipeline.Lines(inventory, PackageType.Deb, Line));
        var added = expected.Except(before).ToList();
        Assert.Equal(["drydock-fixture", "hostname"], added.Select(l => l.Split('\t')[0]));
        Assert.All(inventory.Packages, p => Assert.Equal(added.Contains(Line(p)) ? 2 : 0, p.LayerIndex));
        var fixture = Assert.Single(inventory.Packages, p => p.Name == "drydock-fixture");
        Assert.Equal((1, "drydock-src", "1.5-3", "pkg:deb/debian/drydock-fixture@1:2.0-1?arch=amd64&distro=debian-12"),
            (fixture.Epoch, fixture.SourceName, fixture.SourceVersion, fixture.Purl));
        Assert.Equal(["usr/share/drydock/fixture.txt"], fixture.Files);
    }

    private static string Line(Package p) =>
        $"{p.Name}\t{p.Version}\t{p.Architecture}\t{p.SourceName ?? p.Name}\t{p.SourceVersion ?? p.Version}";

    /// <summary>dpkg-query over the dpkg database of the mmdebstrap image's rootfs tar.</summary>
    private static async Task<SortedSet<string>> DpkgQueryAsync()
    {
        var root = TestRoot.NewRunDirectory("dpkg-admin");
        try
        {
            await ExternalProcess.RunAsync("tar", ["-xf", Path.Combine(TestImages.Directory, "rootfs.tar"), "-C", root, "./var/lib/dpkg"], TimeSpan.FromMinutes(1));
            return await DpkgQueryAsync(Path.Combine(root, "var", "lib", "dpkg"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>dpkg-query over <paramref name="adminDirectory"/>; every listed package must be installed.</summary>
    private static async Task<SortedSet<string>> DpkgQueryAsync(string adminDirectory)
    {
        var output = await ExternalProcess.RunAsync("dpkg-query", ["--admindir=" + adminDirectory, "-W", "-f=" + QueryFormat], TimeSpan.FromMinutes(1));
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        Assert.All(rows, r => Assert.Equal("installed", r[5]));
        return new SortedSet<string>(rows.Select(r => string.Join('\t', r[..5])), StringComparer.Ordinal);
    }

    private static Dictionary<string, string> Properties(JsonElement component) =>
        component.TryGetProperty("properties", out var props)
            ? props.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("value").GetString()!)
            : [];
}
