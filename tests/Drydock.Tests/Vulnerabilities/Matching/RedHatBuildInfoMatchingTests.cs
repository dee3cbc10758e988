using Drydock.Inventory;
using Drydock.Model;
using Drydock.Tests.Builders;
using Drydock.Tests.Inventory.RedHat;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Vulnerabilities.Matching;

/// <summary>
/// From files to findings. A RHEL 8 image's content manifest names the CodeReady Builder repository, whose CPE is the
/// only one the advisory row is stored under, so the package matches with the manifest and not without it (the
/// release's default BaseOS/AppStream content sets map to other CPEs); a UBI 7 image's build Dockerfile names the NVR
/// whose CPE holds the other row.
/// </summary>
public sealed class RedHatBuildInfoMatchingTests
{
    private const string Crb = "cpe:/a:redhat:enterprise_linux:8::crb";
    private const string Rhel7Server = "cpe:/o:redhat:enterprise_linux:7::server";

    [Fact]
    public void Match_ContentManifestNamesTheRepository_CpeScopedRowApplies()
    {
        // Given
        using var db = Store();
        using var store = db.Open();
        var withManifest = Inventory(new MemoryFileSystem()
            .AddFile("etc/os-release", RedHatBuildInfoAnalyzerTests.Rhel8OsRelease)
            .AddFile("root/buildinfo/content_manifests/builder.json", RedHatBuildInfoAnalyzerTests.Manifest(1, "codeready-builder-for-rhel-8-x86_64-rpms"), layer: 1));
        var withoutManifest = Inventory(new MemoryFileSystem().AddFile("etc/os-release", RedHatBuildInfoAnalyzerTests.Rhel8OsRelease));

        // When
        var found = VulnerabilityScanner.Match(withManifest, store);
        var notFound = VulnerabilityScanner.Match(withoutManifest, store);

        // Then
        var finding = Assert.Single(found);
        Assert.Equal(("CVE-2024-0001", "libfoo-devel", "1.2-3.el8", VulnerabilityStatus.Fixed),
            (finding.VulnerabilityId, finding.PackageName, finding.FixedVersion, finding.Status));
        Assert.Empty(notFound);
    }

    [Fact]
    public void Match_Ubi7BuildDockerfile_NvrCpeScopedRowApplies()
    {
        // Given: a UBI 7 image whose build Dockerfile names ubi7-container-7.7-140 (x86_64), which nvr-to-cpe maps to
        // RHEL 7 Server; the release's default content sets are not in this store's map
        using var db = Store();
        using var store = db.Open();
        const string Os = "ID=\"rhel\"\nVERSION_ID=\"7.7\"\n";
        var withBuild = Inventory(new MemoryFileSystem().AddFile("etc/os-release", Os)
            .AddFile("root/buildinfo/Dockerfile-ubi7-container-7.7-140",
                "FROM scratch\nLABEL com.redhat.component=\"ubi7-container\" version=\"7.7\" release=\"140\" architecture=\"x86_64\"\n", layer: 1));
        var withoutBuild = Inventory(new MemoryFileSystem().AddFile("etc/os-release", Os));

        // When
        var found = VulnerabilityScanner.Match(withBuild, store);
        var notFound = VulnerabilityScanner.Match(withoutBuild, store);

        // Then
        Assert.Equal(("CVE-2024-0002", "1.2-2.el7"), (Assert.Single(found).VulnerabilityId, found[0].FixedVersion));
        Assert.Empty(notFound);
    }

    private static ImageInventory Inventory(MemoryFileSystem fs) =>
        InventoryBuilder.Build(fs, [.. Analyzers.All, new FakeRpmAnalyzer(("libfoo-devel", "1.2-1.el8", 0))], CancellationToken.None);

    private static TestDatabase Store() => TestDatabase.From(
        new AdvisoryRecord(null, [])
        {
            ProductCpes =
            [
                new ProductCpe(ProductCpe.Repository, "codeready-builder-for-rhel-8-x86_64-rpms", Crb),
                new ProductCpe(ProductCpe.Repository, "rhel-8-for-x86_64-baseos-rpms", "cpe:/o:redhat:enterprise_linux:8::baseos"),
                new ProductCpe(ProductCpe.Repository, "rhel-8-for-x86_64-appstream-rpms", "cpe:/a:redhat:enterprise_linux:8::appstream"),
                new ProductCpe(ProductCpe.Nvr, "ubi7-container-7.7-140-x86_64", Rhel7Server),
            ],
        },
        new AdvisoryRecord(new VulnerabilityRecord { Id = "CVE-2024-0001" },
        [
            new AffectedPackage
            {
                Namespace = RedHatCpe.Namespace(Crb),
                Package = "libfoo-devel",
                VulnerabilityId = "CVE-2024-0001",
                VersionScheme = "rpm",
                Fixed = "1.2-3.el8",
                Status = VulnerabilityStatus.Fixed,
                DataSource = "test",
            },
        ]),
        new AdvisoryRecord(new VulnerabilityRecord { Id = "CVE-2024-0002" },
        [
            new AffectedPackage
            {
                Namespace = RedHatCpe.Namespace(Rhel7Server),
                Package = "libfoo-devel",
                VulnerabilityId = "CVE-2024-0002",
                VersionScheme = "rpm",
                Fixed = "1.2-2.el7",
                Status = VulnerabilityStatus.Fixed,
                DataSource = "test",
            },
        ]));
}
