using Drydock.Inventory;
using Drydock.Inventory.OsRelease;
using Drydock.Tests.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.Tests.Inventory.OsRelease;

/// <summary>Every OS family has one complete row of the distribution table, and detection, namespaces and matchers read it.</summary>
public sealed class DistroTableTests
{
    [Theory]
    [MemberData(nameof(OsLifecycleCoverageTests.Families), MemberType = typeof(OsLifecycleCoverageTests))]
    public void Distros_EveryFamily_HasOneCompleteRow(string family)
    {
        // When
        var row = Assert.Single(Distros.All, d => d.Family == family);

        // Then: detected by its os-release ids, a release rule, and (with advisories) a namespace, a scheme and a matcher
        Assert.NotEmpty(row.OsReleaseIds);
        Assert.All(row.OsReleaseIds, id => Assert.Equal(family, OsFamilies.FromOsReleaseId(id, row.NameMarker ?? "")));
        Assert.True(row.Rolling ? row.Components == 0 : row.Components > 0, "a release is either rolling or cut to some components");
        Assert.NotNull(LifecycleFamilies.Find(family));
        if (row.Packages is { } type) Assert.True(Ecosystems.Of(type).IsOsPackage);
        if (!row.Advisories) return;
        var os = new OsInfo { Family = family, Version = "3.18.2" };
        var ns = AdvisoryNamespaces.ForOs(os);
        Assert.NotNull(ns);
        Assert.NotNull(row.Packages);
        Assert.Equal(Ecosystems.Of(row.Packages.Value).VersionScheme, AdvisoryNamespaces.SchemeOf(ns));
        var package = new Package { Type = row.Packages.Value, Name = "x", Version = "1", Purl = "pkg:x/x@1", FoundIn = "x", LayerIndex = 0 };
        Assert.True(VulnerabilityScanner.HasMatcher(os, package));
    }

    [Theory]
    [InlineData(PackageType.Rpm)]
    [InlineData(PackageType.Deb)]
    [InlineData(PackageType.Apk)]
    public void HasMatcher_FamilyWithoutARow_NoMatcher(PackageType type)
    {
        // Given: a family no row knows (the rpm matcher used to claim every rpm package, whatever the OS)
        var os = new OsInfo { Family = "mystery", Version = "1" };
        var package = new Package { Type = type, Name = "x", Version = "1", Purl = "pkg:x/x@1", FoundIn = "x", LayerIndex = 0 };

        // Then
        Assert.False(VulnerabilityScanner.HasMatcher(os, package));
        Assert.Null(AdvisoryNamespaces.ForOs(os));
    }

    [Fact]
    public void OsvEcosystems_EveryDistroRowsName_IsDownloadedAndMapsBack()
    {
        foreach (var row in Distros.All.Where(d => d.OsvEcosystem is not null))
        {
            Assert.Contains(row.OsvEcosystem, OsvFeed.Ecosystems);
            Assert.True(row.Advisories, row.Family);
        }
    }

    [Theory]
    [InlineData("centos", "CentOS Stream 9", "centos-stream")]
    [InlineData("centos", "CentOS Linux 7", "centos")]
    [InlineData("opensuse", "openSUSE Leap 42.3", "opensuse-leap")]
    [InlineData("plan9", "Plan 9", null)]
    public void FromOsReleaseId_SharedAndUnknownIds(string id, string name, string? family) =>
        Assert.Equal(family, OsFamilies.FromOsReleaseId(id, name));
}
