using Drydock.Inventory;
using Drydock.Inventory.Dpkg;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Dpkg;

public sealed class DpkgStatusParserTests
{
    [Theory]
    [InlineData("install ok installed", true)]
    [InlineData("hold ok installed", true)]
    [InlineData("deinstall ok config-files", false)]
    [InlineData("install reinstreq half-installed", false)]
    [InlineData("install ok unpacked", false)]
    [InlineData("purge ok not-installed", false)]
    public void Parse_Status_OnlyInstalledStatusIsKept(string status, bool kept)
    {
        var text = $"Package: a\nStatus: {status}\nVersion: 1.0-1\nArchitecture: amd64\n";
        var result = DpkgStatusParser.Parse(new StringReader(text));
        Assert.Equal(kept, result.Installed.Count == 1);
    }

    [Fact]
    public void Parse_SourceWithVersionAndAlternatives_Parsed()
    {
        // Given
        const string text = """
            Package: libgcc1
            Status: install ok installed
            Architecture: amd64
            Source: gcc-8 (8.3.0-6)
            Version: 1:8.3.0-6
            Depends: gcc-8-base (= 8.3.0-6), libc6 (>= 2.14), debconf (>= 0.5) | debconf-2.0, python3:any
            Conffiles:
             /etc/a.conf 0123456789abcdef0123456789abcdef
            Description: GCC support library
             multi-line
            """;

        // When
        var e = Assert.Single(DpkgStatusParser.Parse(new StringReader(text)).Installed);

        // Then
        Assert.Equal(("gcc-8", "8.3.0-6", 1, "1:8.3.0-6"), (e.SourceName, e.SourceVersion, e.Epoch, e.Version));
        Assert.Equal(["gcc-8-base", "libc6", "debconf|debconf-2.0", "python3"], e.Depends.Select(a => string.Join('|', a)));
        Assert.Equal(["etc/a.conf"], e.Conffiles);
    }

    [Fact]
    public void Analyze_PackageLayer_IsTheLayerOfItsListFile()
    {
        // Given: base installed in layer 0; curl installed in layer 2, which rewrote the status file
        var fs = new MemoryFileSystem()
            .AddFile("var/lib/dpkg/info/base-files.list", "/.\n", layer: 0)
            .AddFile("var/lib/dpkg/info/curl.list", "/.\n", layer: 2)
            .AddFile("var/lib/dpkg/info/curl.md5sums", "d41d8cd98f00b204e9800998ecf8427e  usr/bin/curl\n", layer: 2)
            .AddFile("var/lib/dpkg/status",
                "Package: base-files\nStatus: install ok installed\nVersion: 12.4\nArchitecture: amd64\n\n" +
                "Package: curl\nStatus: install ok installed\nVersion: 7.88.1-10\nArchitecture: amd64\nDepends: base-files\n", layer: 2);
        var analyzer = new DpkgStatusAnalyzer();
        var os = new OsInfo { Family = "debian", Version = "12" };

        // When
        var result = analyzer.Analyze(new AnalysisContext(fs.KeepingOnly(analyzer), os, CancellationToken.None));

        // Then
        var byName = result.Packages.ToDictionary(p => p.Name);
        Assert.Equal(0, byName["base-files"].LayerIndex);
        Assert.Equal(2, byName["curl"].LayerIndex);
        Assert.Equal(["usr/bin/curl"], byName["curl"].Files);
        Assert.Equal(["base-files"], byName["curl"].DependsOn);
        Assert.Equal("pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12", byName["curl"].Purl);
    }

    [SharedDataFact]
    public void ParseCopyright_TrivyFixtures_FindLicenses()
    {
        // Trivy normalises names to SPDX (GPL-1+ -> GPL-1.0); we keep Debian's short names as the file writes them.
        static IReadOnlyList<string> Read(string name) =>
            DebianCopyrightParser.Parse(new StringReader(File.ReadAllText(SharedTestData.Path("trivy/pkg/fanal/analyzer/pkg/dpkg/testdata/" + name))));
        Assert.Equal(["GPL-1+", "Artistic", "BSD-4-clause-POWERDOG", "Zlib"], Read("license-pattern-and-classifier-copyright"));
        Assert.Equal(["GPL-2"], Read("common-license-copyright"));
        Assert.Empty(Read("no-license-copyright"));
    }
}
