using Drydock.Inventory;
using Drydock.Inventory.OsRelease;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Versions;

namespace Drydock.Tests.Inventory;

/// <summary>Every package type has one complete row of the ecosystem table, and what reads the table agrees with it.</summary>
public sealed class EcosystemTableTests
{
    public static TheoryData<PackageType> Types()
    {
        var data = new TheoryData<PackageType>();
        foreach (var type in Enum.GetValues<PackageType>()) data.Add(type);
        return data;
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Ecosystems_EveryPackageType_HasOneCompleteRow(PackageType type)
    {
        // When
        var rows = Ecosystems.All.Where(e => e.Type == type).ToList();

        // Then
        var row = Assert.Single(rows);
        Assert.False(string.IsNullOrEmpty(row.PurlType));
        Assert.NotNull(VersionComparers.TryGet(row.VersionScheme));
        Assert.NotEmpty(row.Analyzers);
        var package = new Package { Type = type, Name = "x", Version = "1", Purl = "pkg:x/x@1", FoundIn = "x", LayerIndex = 0 };
        if (row.IsOsPackage)
        {
            Assert.Null(row.AdvisoryNamespace);
            var distros = Distros.All.Where(d => d.Advisories && d.Packages == type).ToList();
            Assert.NotEmpty(distros);
            Assert.All(distros, d => Assert.True(VulnerabilityScanner.HasMatcher(new OsInfo { Family = d.Family, Version = "1" }, package), d.Family));
        }
        else
        {
            Assert.NotNull(row.AdvisoryNamespace);
            Assert.NotNull(row.OsvEcosystem);
            Assert.Equal(row.AdvisoryNamespace, AdvisoryNamespaces.FromOsvEcosystem(row.OsvEcosystem));
            Assert.Equal(row.VersionScheme, AdvisoryNamespaces.SchemeOf(row.AdvisoryNamespace));
            Assert.Contains(row.OsvEcosystem, OsvFeed.Ecosystems);
            Assert.True(VulnerabilityScanner.HasMatcher(OsInfo.Unknown, package));
        }
    }

    [Fact]
    public void Analyzers_All_EveryAnalyzerOnceWithAUniqueId()
    {
        var ids = Analyzers.All.Select(a => a.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Ecosystems.All.Sum(e => e.Analyzers.Count), ids.Count);
    }

    [Theory]
    [InlineData("mystery:1")]
    [InlineData("centos-stream:9")]
    [InlineData("cpe:/o:redhat:enterprise_linux:9")]
    public void SchemeOf_NamespaceNoRowHasAdvisoriesFor_IsNullNotRpm(string ns)
    {
        // An unknown family must reach the coverage section as not covered, not be compared with rpm ordering.
        Assert.Null(AdvisoryNamespaces.SchemeOf(ns));
    }

    [Theory]
    [InlineData("debian:12", "deb")]
    [InlineData("alpine:edge", "apk")]
    [InlineData("wolfi:rolling", "apk")]
    [InlineData("photon:5.0", "rpm")]
    [InlineData("crates.io", "semver")]
    [InlineData("pypi", "pep440")]
    public void SchemeOf_KnownNamespace_TheRowsScheme(string ns, string scheme) =>
        Assert.Equal(scheme, AdvisoryNamespaces.SchemeOf(ns));

    [Theory]
    [InlineData("pypi", "Foo_Bar.baz", "foo-bar-baz")]
    [InlineData("nuget", "Newtonsoft.Json", "newtonsoft.json")]
    [InlineData("packagist", "Symfony/Console", "symfony/console")]
    [InlineData("npm", "@Scope/Name", "@Scope/Name")]
    public void PackageNames_Normalize_FollowsTheRowsRule(string ns, string name, string expected) =>
        Assert.Equal(expected, PackageNames.Normalize(ns, name));
}
