using System.Text.Json.Nodes;
using Drydock.Inventory;
using Drydock.Inventory.Dpkg;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Dpkg;

/// <summary>
/// Trivy's dpkg analyzer cases (EXPECTED_dpkg_test.json over testdata/unpacked/&lt;case&gt;). Trivy splits versions into
/// Epoch/Version/Release; our Version is the whole dpkg string, so the expectation is rebuilt as
/// <c>[epoch:]version[-release]</c>. Trivy's DependsOn are <c>name@version</c> ids; we keep names. Trivy reads
/// package digests from <c>available</c>; we do not (not part of the inventory), so Digest is not compared.
/// Trivy's InstalledFiles come from md5sums only; ours add the Conffiles (installed too, as syft lists them), so
/// files are compared where Trivy lists them (the md5sums case, a package without conffiles).
/// </summary>
public sealed class DpkgTrivyTests
{
    private const string Root = "trivy/pkg/fanal/analyzer/pkg/dpkg";

    private static readonly OsInfo Ubuntu = new() { Family = "ubuntu", Version = "18.04" };

    public static TheoryData<string> Cases() =>
        ["valid", "corrupsed", "only apt", "happy path with digests", "md5sums", "third-party package"];

    [SharedDataTheory]
    [MemberData(nameof(Cases))]
    public void Analyze_TrivyCase_GivesTrivysPackages(string caseName)
    {
        // Given
        var c = JsonNode.Parse(File.ReadAllText(SharedTestData.Path(Root + "/EXPECTED_dpkg_test.json")))!["cases"]!
            .AsArray().Single(x => x!["name"]!.GetValue<string>() == caseName)!;
        var folder = c["unpacked_to"]!.GetValue<string>().Replace("pkg/fanal/analyzer/pkg/dpkg/", "", StringComparison.Ordinal);
        var analyzer = new DpkgStatusAnalyzer();
        var fs = MemoryFileSystem.FromDirectory(SharedTestData.Path(Root + "/" + folder)).KeepingOnly(analyzer);

        // When
        var result = analyzer.Analyze(new AnalysisContext(fs, Ubuntu, CancellationToken.None));

        // Then
        var wantPackages = c["want"]!["PackageInfos"]![0]!["Packages"]!.AsArray();
        var withFiles = wantPackages.Where(p => p!["InstalledFiles"] is not null).Select(p => p!["Name"]!.GetValue<string>()).ToHashSet();
        var want = wantPackages
            .Select(p => string.Join(" | ",
                p!["Name"]!.GetValue<string>(),
                Evr(p, ""),
                p["Arch"]?.GetValue<string>(),
                p["SrcName"]!.GetValue<string>(),
                Evr(p, "Src"),
                p["Maintainer"]?.GetValue<string>(),
                string.Join(",", (p["DependsOn"]?.AsArray() ?? []).Select(d => d!.GetValue<string>().Split('@')[0])),
                string.Join(",", (p["InstalledFiles"]?.AsArray() ?? []).Select(f => f!.GetValue<string>().TrimStart('/')))))
            .Order(StringComparer.Ordinal).ToList();
        var got = result.Packages
            .Select(p => string.Join(" | ", p.Name, p.Version, p.Architecture, p.AdvisoryName, p.SourceVersion, p.Maintainer,
                string.Join(",", p.DependsOn), withFiles.Contains(p.Name) ? string.Join(",", p.Files) : ""))
            .Order(StringComparer.Ordinal).ToList();
        var diff = want.Except(got).Select(w => "missing: " + w).Concat(got.Except(want).Select(g => "unexpected: " + g)).ToList();
        Assert.True(diff.Count == 0, string.Join("\n", diff));
        Assert.Equal(want.Count, got.Count);
    }

    [SharedDataFact]
    public void Analyze_ValidStatus_Has90PackagesWithPurlsAndNoWarnings()
    {
        var analyzer = new DpkgStatusAnalyzer();
        var fs = MemoryFileSystem.FromDirectory(SharedTestData.Path(Root + "/testdata/unpacked/valid")).KeepingOnly(analyzer);

        var result = analyzer.Analyze(new AnalysisContext(fs, Ubuntu, CancellationToken.None));

        Assert.Equal(90, result.Packages.Count);
        Assert.Empty(result.Warnings);
        Assert.Contains(result.Packages, p => p.Purl == "pkg:deb/ubuntu/bsdutils@1:2.31.1-0.4ubuntu3.1?arch=amd64&distro=ubuntu-18.04");
        Assert.Equal(1, result.Packages.Single(p => p.Name == "bsdutils").Epoch);
    }

    [SharedDataFact]
    public void Analyze_CorruptedStatus_WarnsWithPathAndKeepsTheRest()
    {
        var analyzer = new DpkgStatusAnalyzer();
        var fs = MemoryFileSystem.FromDirectory(SharedTestData.Path(Root + "/testdata/unpacked/corrupsed"), layer: 2).KeepingOnly(analyzer);

        var result = analyzer.Analyze(new AnalysisContext(fs, Ubuntu, CancellationToken.None));

        Assert.Equal(4, result.Packages.Count);
        Assert.NotEmpty(result.Warnings);
        Assert.All(result.Warnings, w => Assert.Equal(("var/lib/dpkg/status", (int?)2), (w.Path, w.LayerIndex)));
    }

    /// <summary>Trivy's (Epoch, Version, Release) or (SrcEpoch, SrcVersion, SrcRelease) as one dpkg version string.</summary>
    private static string Evr(JsonNode p, string prefix)
    {
        var epoch = p[prefix + "Epoch"]?.GetValue<int>() ?? 0;
        var release = p[prefix + "Release"]?.GetValue<string>();
        return (epoch > 0 ? epoch + ":" : "") + p[prefix + "Version"]!.GetValue<string>() + (string.IsNullOrEmpty(release) ? "" : "-" + release);
    }
}
