using Drydock.Inventory.Purl;

namespace Drydock.Tests.Inventory;

public sealed class PackageUrlTests
{
    [Fact]
    public void Build_DebianPackage_MatchesIssueExample()
    {
        // When
        var purl = PackageUrl.Build("deb", "debian", "openssl", "3.0.11-1~deb12u2",
            [new("distro", "debian-12"), new("arch", "amd64")]);

        // Then
        Assert.Equal("pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", purl);
    }

    [Fact]
    public void Build_ScopedNpmPackage_EncodesScopeAt()
    {
        Assert.Equal("pkg:npm/%40angular/core@16.0.0", PackageUrl.Build("npm", "@angular", "core", "16.0.0"));
    }

    [Fact]
    public void Build_RpmWithEpochAndEmptyQualifier_DropsEmptyAndSorts()
    {
        var purl = PackageUrl.Build("rpm", "redhat", "openssl", "1.1.1k-7.el8",
            [new("epoch", "1"), new("arch", "x86_64"), new("distro", "")]);
        Assert.Equal("pkg:rpm/redhat/openssl@1.1.1k-7.el8?arch=x86_64&epoch=1", purl);
    }

    [Fact]
    public void Build_MavenWithSpaceInName_PercentEncodes()
    {
        Assert.Equal("pkg:maven/org.apache/a%20b@1.0", PackageUrl.Build("maven", "org.apache", "a b", "1.0"));
    }
}
