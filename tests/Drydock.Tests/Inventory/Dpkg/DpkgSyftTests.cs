using System.Text.Json.Nodes;
using Drydock.Inventory;
using Drydock.Inventory.Dpkg;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Dpkg;

/// <summary>
/// syft's Test_parseDpkgStatus cases (EXPECTED_parse_dpkg_db_test.json) for distroless status.d files, and
/// TestSourceVersionExtract. Differences, by design: a stanza without Version ("no-version" in <c>multiple</c>) is
/// not an installed package for us (dpkg never records one) and is reported as a warning; the opkg case is not dpkg
/// and is out of scope. syft's Files for these stanzas are the Conffiles, which we list among the installed files.
/// </summary>
public sealed class DpkgSyftTests
{
    private const string Root = "syft/syft/pkg/cataloger/debian";

    public static TheoryData<string> Cases() =>
        ["single package", "single package with installed size", "multiple entries", "deinstall status packages are ignored"];

    [SharedDataTheory]
    [MemberData(nameof(Cases))]
    public void Analyze_SyftStatusDCase_GivesSyftsPackages(string caseName)
    {
        // Given
        var c = JsonNode.Parse(File.ReadAllText(SharedTestData.Path(Root + "/EXPECTED_parse_dpkg_db_test.json")))!["cases"]!
            .AsArray().Single(x => x!["name"]!.GetValue<string>() == caseName)!;
        var fixture = c["fixturePath"]!.GetValue<string>();
        var analyzer = new DpkgStatusDirectoryAnalyzer();
        var fs = new MemoryFileSystem()
            .AddFile("var/lib/dpkg/status.d/" + Path.GetFileName(fixture), File.ReadAllBytes(SharedTestData.Path(Root + "/" + fixture)), layer: 1)
            .KeepingOnly(analyzer);

        // When
        var result = analyzer.Analyze(new AnalysisContext(fs, OsInfo.Unknown, CancellationToken.None));

        // Then
        var want = c["expected"]!.AsArray()
            .Where(e => e!["Version"] is not null)
            .Select(e => string.Join(" | ", e!["Package"]!.GetValue<string>(), e["Version"]!.GetValue<string>(),
                e["Architecture"]?.GetValue<string>(), e["Source"]?.GetValue<string>() ?? e["Package"]!.GetValue<string>(),
                e["Maintainer"]?.GetValue<string>(),
                string.Join(",", (e["Files"]?.AsArray() ?? []).Select(f => f!["Path"]!.GetValue<string>().TrimStart('/')).Order(StringComparer.Ordinal))))
            .Order(StringComparer.Ordinal).ToList();
        var got = result.Packages
            .Select(p => string.Join(" | ", p.Name, p.Version, p.Architecture, p.AdvisoryName, p.Maintainer, string.Join(",", p.Files)))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(want, got);
        Assert.All(result.Packages, p => Assert.Equal(1, p.LayerIndex));
    }

    [SharedDataFact]
    public void ParseSource_SyftSourceVersionCases_Match()
    {
        var cases = JsonNode.Parse(File.ReadAllText(SharedTestData.Path(Root + "/EXPECTED_TestSourceVersionExtract.json")))!.AsArray();
        Assert.Equal(3, cases.Count);
        foreach (var c in cases)
        {
            var (name, version) = DpkgStatusParser.ParseSource(c!["input"]!.GetValue<string>());
            Assert.Equal(c["expected"]![0]!.GetValue<string>(), name);
            Assert.Equal(c["expected"]![1]!.GetValue<string>(), version);
        }
    }

    [SharedDataFact]
    public void Analyze_DistrolessImageFixture_ReadsMd5sumsBesideStatusFile()
    {
        // Given: syft's image-distroless-deb rootfs (status.d/libsqlite3-0 + libsqlite3-0.md5sums + copyright)
        var analyzer = new DpkgStatusDirectoryAnalyzer();
        var fs = MemoryFileSystem.FromDirectory(SharedTestData.Path(Root + "/testdata/image-distroless-deb")).KeepingOnly(analyzer);

        // When
        var result = analyzer.Analyze(new AnalysisContext(fs, OsInfo.Unknown, CancellationToken.None));

        // Then
        var pkg = Assert.Single(result.Packages);
        Assert.Equal("libsqlite3-0", pkg.Name);
        Assert.Contains("usr/share/doc/libsqlite3-0/README.Debian", pkg.Files);
        Assert.NotEmpty(pkg.Licenses);
    }
}
