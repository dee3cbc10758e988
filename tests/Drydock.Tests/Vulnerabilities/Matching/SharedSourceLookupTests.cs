using Drydock.Inventory;
using Drydock.Model;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Vulnerabilities.Matching;

/// <summary>Issue 17: each (namespace, package) is read from the store once per scan, however many binaries share it.</summary>
public sealed class SharedSourceLookupTests
{
    [Fact]
    public void Match_BinariesOfOneSource_OneLookupPerSourceAndEveryBinaryFlagged()
    {
        // Given: three binaries of glibc and one of zlib on Debian 12; glibc has one fixed CVE
        using var db = TestDatabase.From(new AdvisoryRecord(null, [new AffectedPackage
        {
            Namespace = "debian:12", Package = "glibc", VulnerabilityId = "CVE-2024-1", VersionScheme = "deb",
            Fixed = "2.36-9+deb12u4", Status = VulnerabilityStatus.Fixed, DataSource = "test",
        }]));
        using var sqlite = db.Open();
        var store = new CountingStore(sqlite);
        var inventory = new ImageInventory
        {
            Os = new OsInfo { Family = "debian", Version = "12.4" },
            Packages = [Deb("libc6", "glibc"), Deb("libc-bin", "glibc"), Deb("libc-dev-bin", "glibc"), Deb("zlib1g", "zlib")],
        };

        // When
        var findings = VulnerabilityScanner.Match(inventory, store);

        // Then
        Assert.Equal(["debian:12/glibc", "debian:12/zlib"], store.Lookups);
        Assert.Equal(["libc-bin", "libc-dev-bin", "libc6"], findings.Select(f => f.PackageName));
        Assert.All(findings, f => Assert.Equal("CVE-2024-1", f.VulnerabilityId));
    }

    private static Package Deb(string name, string source) => new()
    {
        Type = PackageType.Deb,
        Name = name,
        Version = "2.36-9+deb12u3",
        SourceName = source,
        Purl = $"pkg:deb/debian/{name}@2.36-9+deb12u3",
        FoundIn = "var/lib/dpkg/status",
        LayerIndex = 0,
    };

    private sealed class CountingStore(IAdvisoryStore inner) : IAdvisoryStore
    {
        public List<string> Lookups { get; } = [];

        public IReadOnlyList<AffectedPackage> GetAffected(string ns, string package)
        {
            Lookups.Add(ns + "/" + package);
            return inner.GetAffected(ns, package);
        }

        public VulnerabilityRecord? GetVulnerability(string id) => inner.GetVulnerability(id);

        public IReadOnlyDictionary<string, VulnerabilityRecord> GetVulnerabilities(IReadOnlyCollection<string> ids) => inner.GetVulnerabilities(ids);
    }
}
