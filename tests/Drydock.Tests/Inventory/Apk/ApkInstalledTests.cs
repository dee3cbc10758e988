using System.Text.Json.Nodes;
using Drydock.Inventory;
using Drydock.Inventory.Apk;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Apk;

/// <summary>
/// Trivy's TestParseApkInfo (EXPECTED_apk_test.json: 15 packages + 76 files) and syft's TestSinglePackageDetails.
/// Trivy normalises licenses to SPDX (GPL2 → GPL-2.0-only); we keep the database's text (as syft does), so only the
/// number of license terms is compared with Trivy. syft lists directories (F:) among files; we list files (R:).
/// </summary>
public sealed class ApkInstalledTests
{
    private static readonly OsInfo Alpine = new() { Family = "alpine", Version = "3.11.5" };

    private static AnalyzerResult Analyze(MemoryFileSystem fs, OsInfo os)
    {
        var analyzer = new ApkInstalledAnalyzer();
        return analyzer.Analyze(new AnalysisContext(fs.KeepingOnly(analyzer), os, CancellationToken.None));
    }

    [SharedDataFact]
    public void Analyze_TrivyApkDatabase_GivesTrivysPackagesAndFiles()
    {
        // Given
        var expected = JsonNode.Parse(File.ReadAllText(SharedTestData.Path("trivy/pkg/fanal/analyzer/pkg/apk/EXPECTED_apk_test.json")))!;
        var fs = new MemoryFileSystem().AddFile("lib/apk/db/installed",
            File.ReadAllBytes(SharedTestData.Path("trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk")), layer: 3);

        // When
        var result = Analyze(fs, Alpine);

        // Then
        var want = expected["wantPkgs"]!.AsArray().Select(p => string.Join(" | ",
            p!["Name"]!.GetValue<string>(), p["Version"]!.GetValue<string>(), p["Arch"]!.GetValue<string>(),
            p["SrcName"]!.GetValue<string>(), p["Maintainer"]!.GetValue<string>(), p["Licenses"]!.AsArray().Count,
            string.Join(",", (p["DependsOn"]?.AsArray() ?? []).Select(d => d!.GetValue<string>().Split('@')[0])),
            string.Join(",", (p["InstalledFiles"]?.AsArray() ?? []).Select(f => f!.GetValue<string>())))).ToList();
        var got = result.Packages.Select(p => string.Join(" | ", p.Name, p.Version, p.Architecture, p.AdvisoryName,
            p.Maintainer, p.Licenses.Count, string.Join(",", p.DependsOn), string.Join(",", p.Files))).ToList();
        Assert.Equal(want, got);
        Assert.Equal(expected["wantFiles"]!.AsArray().Select(f => f!.GetValue<string>()), result.Packages.SelectMany(p => p.Files));
        Assert.Equal(76, result.Packages.SelectMany(p => p.Files).Count());
        Assert.All(result.Packages, p => Assert.Equal(3, p.LayerIndex));
        Assert.Contains(result.Packages, p => p.Purl == "pkg:apk/alpine/musl@1.1.14-r10?arch=x86_64&distro=3.11.5");
        var warning = Assert.Single(result.Warnings); // the record without a version
        Assert.Equal("lib/apk/db/installed", warning.Path);
    }

    [SharedDataTheory]
    [InlineData("testdata/single")]
    [InlineData("testdata/empty-deps-and-provides")]
    [InlineData("testdata/base")]
    public void Analyze_SyftFixture_GivesSyftsPackage(string fixture)
    {
        // Given
        const string root = "syft/syft/pkg/cataloger/alpine/";
        var expected = JsonNode.Parse(File.ReadAllText(SharedTestData.Path(root + "EXPECTED_parse_apk_db_test.json")))!["cases"]!
            .AsArray().Single(c => c!["fixture"]!.GetValue<string>() == fixture)!["expected"]!;
        var text = File.ReadAllText(SharedTestData.Path(root + fixture));
        var dirs = text.Split('\n').Where(l => l.StartsWith("F:", StringComparison.Ordinal)).Select(l => l[2..]).ToHashSet();
        var fs = new MemoryFileSystem().AddFile("usr/lib/apk/db/installed", text);

        // When
        var pkg = Assert.Single(Analyze(fs, new OsInfo { Family = "wolfi", Version = "20230201" }).Packages);

        // Then
        var m = expected["Metadata"]!;
        Assert.Equal(expected["Name"]!.GetValue<string>(), pkg.Name);
        Assert.Equal(expected["Version"]!.GetValue<string>(), pkg.Version);
        Assert.Equal(m["OriginPackage"]?.GetValue<string>(), pkg.AdvisoryName);
        Assert.Equal(m["Architecture"]?.GetValue<string>(), pkg.Architecture);
        Assert.Equal(m["Maintainer"]?.GetValue<string>(), pkg.Maintainer);
        var files = (m["Files"]?.AsArray() ?? []).Select(f => f!["Path"]!.GetValue<string>().TrimStart('/')).Where(p => !dirs.Contains(p));
        Assert.Equal(files, pkg.Files);
        Assert.StartsWith("pkg:apk/wolfi/" + pkg.Name + "@", pkg.Purl, StringComparison.Ordinal);
    }
}
