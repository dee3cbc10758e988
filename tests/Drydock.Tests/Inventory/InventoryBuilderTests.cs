using Drydock.Inventory;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory;

public sealed class InventoryBuilderTests
{
    private sealed class ThrowingAnalyzer : IAnalyzer
    {
        public string Id => "throws";

        public int Version => 1;

        public bool Wants(string path, long size, int mode) => false;

        public AnalyzerResult Analyze(AnalysisContext context) => throw new InvalidDataException("boom");
    }

    [Fact]
    public void Build_DebianImage_DetectsOsAndSortsPackages()
    {
        // Given: a Debian image whose second layer installed curl
        var fs = new MemoryFileSystem()
            .AddFile("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
            .AddFile("var/lib/dpkg/info/zlib1g.list", "/.\n")
            .AddFile("var/lib/dpkg/info/curl.list", "/.\n", layer: 1)
            .AddFile("var/lib/dpkg/status",
                "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\nArchitecture: amd64\nSource: zlib\n\n" +
                "Package: curl\nStatus: install ok installed\nVersion: 7.88.1-10+deb12u5\nArchitecture: amd64\nDepends: zlib1g (>= 1:1.1.4)\n\n" +
                "Package: broken\nStatus: install ok installed\nVersion: x!\n", layer: 1);

        // When: only what the analyzers declared is kept, as the layer walker does
        var inventory = InventoryBuilder.Build(fs.KeepingOnly(new AllInterests()), Analyzers.All, CancellationToken.None);

        // Then
        Assert.Equal(("debian", "12"), (inventory.Os.Family, inventory.Os.Version));
        Assert.Equal(["curl", "zlib1g"], inventory.Packages.Select(p => p.Name));
        Assert.Equal("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12", inventory.Packages[1].Purl);
        Assert.Equal((1, 0), (inventory.Packages[0].LayerIndex, inventory.Packages[1].LayerIndex));
        Assert.Equal(["zlib1g"], inventory.Packages[0].DependsOn);
        Assert.True(inventory.Partial);
        Assert.Equal("var/lib/dpkg/status", Assert.Single(inventory.Warnings).Path);
    }

    [Fact]
    public void Build_AnalyzerThrows_WarningNotException()
    {
        var inventory = InventoryBuilder.Build(new MemoryFileSystem(), [new ThrowingAnalyzer()], CancellationToken.None);

        Assert.True(inventory.Os.IsUnknown);
        Assert.Contains("boom", Assert.Single(inventory.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyzers_Ids_AreTheDocumentedOnes()
    {
        Assert.Equal(
            ["dpkg-status", "dpkg-status-d", "apk-installed", "rpm-sqlite", "rpm-bdb", "rpm-ndb", "redhat-buildinfo", "npm-package-json", "npm-lockfile",
             "python-dist-info", "python-egg-info", "go-binary", "java-archive", "dotnet-deps", "gemspec", "rust-binary", "composer-installed"],
            Analyzers.All.Select(a => a.Id));
    }

    [Theory]
    [InlineData("var/lib/rpm/rpmdb.sqlite", "rpm-sqlite")]
    [InlineData("usr/lib/sysimage/rpm/rpmdb.sqlite", "rpm-sqlite")]
    [InlineData("var/lib/rpm/Packages", "rpm-bdb")]
    [InlineData("usr/lib/sysimage/rpm/Packages.db", "rpm-ndb")]
    [InlineData("lib/apk/db/installed", "apk-installed")]
    [InlineData("var/lib/dpkg/status", "dpkg-status")]
    [InlineData("var/lib/dpkg/status.d/libc6", "dpkg-status-d")]
    [InlineData("var/lib/rpm/Packages.bak", null)]
    [InlineData("home/user/var/lib/dpkg/status", null)]
    public void Wants_DeclaredPaths_OnlyTheOwningAnalyzer(string path, string? owner)
    {
        Assert.Equal(owner is null ? [] : [owner], Analyzers.All.Where(a => a.Wants(path, 100, 0x1A4)).Select(a => a.Id));
    }

    private sealed class AllInterests : Drydock.Images.FileSystem.IFileInterest
    {
        public bool Wants(string path, long size, int mode) => Analyzers.FileInterests.Any(i => i.Wants(path, size, mode));
    }
}
