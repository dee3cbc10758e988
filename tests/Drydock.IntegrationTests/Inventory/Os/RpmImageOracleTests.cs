using Drydock.IntegrationTests.Infrastructure;
using Drydock.Inventory;

namespace Drydock.IntegrationTests.Inventory.Os;

/// <summary>
/// An RPM root installed by <c>dnf --installroot</c> from a local repository of packages built by rpmbuild (one with an
/// epoch, one with an explicit epoch 0, noarch ones, a subpackage whose source rpm has another name) in two runs, the
/// second one (a new package and an upgrade) in its own layer; rpm's own <c>rpm --root … -qa</c> is the oracle for its
/// SQLite rpmdb (and, run on the rpmdb after the first run, for the layer of each package), and rpm's read-only
/// BerkeleyDB backend for the same headers loaded into a <c>Packages</c> hash db with db5.3_load.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RpmImageOracleTests
{
    // Version as Drydock writes it: [epoch:]version-release with the epoch shown when non-zero (EPOCHNUM is 0 when absent).
    private const string QueryFormat =
        "%|EPOCHNUM?{%{EPOCHNUM}}|\t%{NAME}\t%{VERSION}-%{RELEASE}\t%|EPOCH?{%{EPOCH}}:{}|\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\t%{VENDOR}[\t%{FILENAMES}]\n";

    [IntegrationFact("rpm", "rpmbuild", "dnf", "createrepo_c", "db5.3_load", "umoci", "/usr/bin/python3")]
    public async Task Inventory_DnfInstallrootSqliteRpmdb_EqualsRpmQa()
    {
        // Given
        var dir = await OracleImages.EnsureBuiltAsync("rpm");
        var expected = await RpmQaAsync(Path.Combine(dir, "rootfs"), []);
        var firstRun = await RpmQaAsync(Path.Combine(dir, "before"), []);

        // When
        var inventory = await InventoryPipeline.InventoryAsync($"oci:{Path.Combine(dir, "oci")}:sqlite");

        // Then: a package is from the second layer exactly when rpm -qa did not list it so after the first run
        AssertEqualsOracle(expected, inventory, "var/lib/rpm/rpmdb.sqlite");
        var second = expected.Except(firstRun).ToList();
        Assert.Equal(["openssl-libs", "tzdata-fixture"], second.Select(l => l.Split('\t')[1]).Order(StringComparer.Ordinal));
        Assert.All(inventory.Packages, p => Assert.Equal(second.Contains(Line(p)) ? 1 : 0, p.LayerIndex));
    }

    [IntegrationFact("rpm", "rpmbuild", "dnf", "createrepo_c", "db5.3_load", "umoci", "/usr/bin/python3")]
    public async Task Inventory_SameHeadersInBerkeleyDb_EqualsRpmQaWithBdbBackend()
    {
        // Given
        var dir = await OracleImages.EnsureBuiltAsync("rpm");
        var expected = await RpmQaAsync(Path.Combine(dir, "rootfs-bdb"), ["--define", "_db_backend bdb_ro"]);

        // When
        var inventory = await InventoryPipeline.InventoryAsync($"oci:{Path.Combine(dir, "oci")}:bdb");

        // Then
        AssertEqualsOracle(expected, inventory, "var/lib/rpm/Packages");
        Assert.Equal(await RpmQaAsync(Path.Combine(dir, "rootfs"), []), expected);
    }

    private static void AssertEqualsOracle(SortedSet<string> expected, ImageInventory inventory, string database)
    {
        Assert.Empty(inventory.Warnings);
        Assert.Equal(("rocky", "9.3"), (inventory.Os.Family, inventory.Os.Version));
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, InventoryPipeline.Lines(inventory, PackageType.Rpm, Line));
        Assert.All(inventory.Packages, p => Assert.Equal(database, p.FoundIn));
        var openssl = Assert.Single(inventory.Packages, p => p.Name == "openssl-libs");
        Assert.Equal("pkg:rpm/rocky/openssl-libs@3.0.7-25.el9?arch=x86_64&distro=rocky-9.3&epoch=1", openssl.Purl);
    }

    // The source rpm is rebuilt from SourceName/SourceVersion (epoch dropped: rpm file names carry none), so that
    // rpm's own SOURCERPM string checks both.
    private static string Line(Package p)
    {
        var epochNumber = p.Epoch ?? 0;
        var sourceVersion = p.SourceVersion is { } v && v.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? v[(colon + 1)..] : p.SourceVersion;
        var versionRelease = epochNumber > 0 ? p.Version[(p.Version.IndexOf(':', StringComparison.Ordinal) + 1)..] : p.Version;
        Assert.Equal(epochNumber > 0 ? $"{epochNumber}:{versionRelease}" : versionRelease, p.Version);
        return string.Join('\t', [
            epochNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Name, versionRelease,
            p.Epoch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", p.Architecture,
            $"{p.SourceName ?? p.Name}-{sourceVersion}.src.rpm", string.Join(" AND ", p.Licenses), p.Vendor,
            .. p.Files.Select(f => "/" + f)]);
    }

    private static async Task<SortedSet<string>> RpmQaAsync(string root, string[] backend)
    {
        var output = await ExternalProcess.RunAsync("rpm",
            ["--root", root, "--define", "_dbpath /var/lib/rpm", .. backend, "-qa", "--qf", QueryFormat], TimeSpan.FromMinutes(1));
        return new SortedSet<string>(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
    }
}
