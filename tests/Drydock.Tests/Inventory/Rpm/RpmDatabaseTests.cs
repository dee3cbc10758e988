using System.Text.Json.Nodes;
using Drydock.Inventory;
using Drydock.Inventory.Rpm;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Rpm;

/// <summary>
/// The three rpm database formats against go-rpmdb's and syft's expectations. gpg-pubkey entries (imported signing
/// keys) are listed by <c>rpm -qa</c> but are not packages; like Trivy and syft we leave them out, so they are
/// removed from the expected lists. Each row compares name, [epoch:]version-release, arch, source rpm name and
/// version, license and vendor.
/// </summary>
public sealed class RpmDatabaseTests
{
    private static readonly OsInfo Amazon = new() { Family = "amazon", Version = "2023" };

    internal static AnalyzerResult Analyze(RpmDatabaseAnalyzer analyzer, string fileName, string sharedPath, OsInfo os, string dir = "var/lib/rpm/")
    {
        var fs = new MemoryFileSystem().AddFile(dir + fileName, File.ReadAllBytes(SharedTestData.Path(sharedPath)), layer: 1);
        return analyzer.Analyze(new AnalysisContext(fs.KeepingOnly(analyzer), os, CancellationToken.None));
    }

    private static string Row(string name, int? epoch, string version, string release, string? arch, string? sourceRpm, string? license, string? vendor)
    {
        var (srcName, srcVr) = RpmPackageFactory.ParseSourceRpm(sourceRpm);
        var e = epoch is > 0 ? epoch + ":" : "";
        return string.Join(" | ", name, e + version + "-" + release, arch, srcName ?? "", srcVr is null ? "" : e + srcVr, license, vendor);
    }

    private static List<string> Rows(AnalyzerResult result) =>
        [.. result.Packages.Select(p => string.Join(" | ", p.Name, p.Version, p.Architecture, p.SourceName ?? p.Name, p.SourceVersion,
            p.Licenses.SingleOrDefault(), p.Vendor)).Order(StringComparer.Ordinal)];

    /// <summary>go-rpmdb PR 42's packages.csv: <c>rpm -qa</c> with '¶' between epoch, name, version, release, arch, sourcerpm, size, license, vendor, …</summary>
    private static List<string> CsvRows(string sharedPath) =>
        [.. File.ReadAllLines(SharedTestData.Path(sharedPath))
            .Where(l => l.Length > 0)
            .Select(l => l.Split('¶'))
            .Where(f => f[1] != "gpg-pubkey")
            .Select(f => Row(f[1], f[0].Length == 0 ? null : int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture),
                f[2], f[3], f[4], f[5], f[7], f[8]))
            .Order(StringComparer.Ordinal)];

    [SharedDataFact]
    public void Sqlite_AmazonLinux2023_EqualsRpmQaList()
    {
        var result = Analyze(RpmDatabaseAnalyzer.Sqlite, "rpmdb.sqlite", "go-rpmdb/pr42-cee58d9/pkg/testdata/amazonlinux2023-plain/rpmdb.sqlite", Amazon);

        var want = CsvRows("go-rpmdb/pr42-cee58d9/pkg/testdata/amazonlinux2023-plain/packages.csv");
        Assert.Equal(102, want.Count);
        Assert.Equal(want, Rows(result));
        Assert.Empty(result.Warnings);
        Assert.Contains(result.Packages, p => p.Purl == "pkg:rpm/amazon/openssl-libs@3.0.8-1.amzn2023.0.4?arch=x86_64&distro=amazon-2023&epoch=1");
    }

    [SharedDataFact]
    public void Ndb_Sle15PullRequestVariant_EqualsRpmQaList()
    {
        var result = Analyze(RpmDatabaseAnalyzer.Ndb, "Packages.db", "go-rpmdb/pr42-cee58d9/pkg/testdata/sle15-bci/Packages.db",
            new OsInfo { Family = "sles", Version = "15.3" }, "usr/lib/sysimage/rpm/");

        Assert.Equal(CsvRows("go-rpmdb/pr42-cee58d9/pkg/testdata/sle15-bci/packages.csv"), Rows(result));
        Assert.All(result.Packages, p => Assert.StartsWith("pkg:rpm/suse/", p.Purl, StringComparison.Ordinal));
    }

    [SharedDataFact]
    public void Ndb_Sle15Bci_EqualsGoRpmdbList()
    {
        var result = Analyze(RpmDatabaseAnalyzer.Ndb, "Packages.db", "go-rpmdb/pkg/testdata/sle15-bci/Packages.db", new OsInfo { Family = "sles", Version = "15.3" });

        var want = JsonNode.Parse(File.ReadAllText(SharedTestData.Path("go-rpmdb/pkg/expected/SLE15WithNDB.json")))!.AsArray()
            .Select(p => Row(p!["Name"]!.GetValue<string>(), p["Epoch"]?.GetValue<int>(), p["Version"]!.GetValue<string>(),
                p["Release"]!.GetValue<string>(), p["Arch"]!.GetValue<string>(), p["SourceRpm"]!.GetValue<string>(),
                p["License"]!.GetValue<string>(), p["Vendor"]!.GetValue<string>()))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(35, want.Count);
        Assert.Equal(want, Rows(result));
    }

    [SharedDataFact]
    public void BerkeleyDb_Libuuid_EqualsGoRpmdbPackageAndFiles()
    {
        var result = Analyze(RpmDatabaseAnalyzer.BerkeleyDb, "Packages", "go-rpmdb/pkg/testdata/libuuid/Packages", new OsInfo { Family = "redhat", Version = "8.8" });

        var pkg = Assert.Single(result.Packages);
        Assert.Equal("libuuid | 2.32.1-42.el8_8 | x86_64 | util-linux | 2.32.1-42.el8_8 | BSD | Red Hat, Inc.", Rows(result)[0]);
        var files = JsonNode.Parse(File.ReadAllText(SharedTestData.Path("go-rpmdb/pkg/expected/LibuuidInstalledFileNames.json")))!
            .AsArray().Select(f => f!.GetValue<string>().TrimStart('/'));
        Assert.Equal(files, pkg.Files);
        Assert.Equal("pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64&distro=redhat-8.8", pkg.Purl);
    }

    [SharedDataFact]
    public void Sqlite_Mariner2_HasGoRpmdbCurl()
    {
        var result = Analyze(RpmDatabaseAnalyzer.Sqlite, "rpmdb.sqlite", "go-rpmdb/pkg/testdata/cbl-mariner-2.0/rpmdb.sqlite", new OsInfo { Family = "cbl-mariner", Version = "2.0" });

        var curl = result.Packages.Single(p => p.Name == "curl");
        Assert.Equal(("7.76.0-6.cm2", "x86_64", "MIT", "Microsoft Corporation"), (curl.Version, curl.Architecture, curl.Licenses[0], curl.Vendor));
        var files = JsonNode.Parse(File.ReadAllText(SharedTestData.Path("go-rpmdb/pkg/expected/Mariner2CurlInstalledFileNames.json")))!
            .AsArray().Select(f => f!.GetValue<string>().TrimStart('/'));
        Assert.Equal(files, curl.Files);
        Assert.Equal("pkg:rpm/mariner/curl@7.76.0-6.cm2?arch=x86_64&distro=cbl-mariner-2.0", curl.Purl);
    }

    [SharedDataFact]
    public void BerkeleyDb_SyftDive_EqualsSyftPackage()
    {
        var result = Analyze(RpmDatabaseAnalyzer.BerkeleyDb, "Packages", "syft/syft/pkg/cataloger/redhat/testdata/Packages", OsInfo.Unknown);

        var m = JsonNode.Parse(File.ReadAllText(SharedTestData.Path("syft/syft/pkg/cataloger/redhat/EXPECTED_parse_rpm_db_test.json")))!["cases"]![0]!["expected"]![0]!;
        var pkg = Assert.Single(result.Packages);
        Assert.Equal((m["Name"]!.GetValue<string>(), m["Version"]!.GetValue<string>()), (pkg.Name, pkg.Version));
        Assert.Equal(m["Metadata"]!["Arch"]!.GetValue<string>(), pkg.Architecture);
        Assert.Equal("MIT", Assert.Single(pkg.Licenses));
        Assert.Equal("pkg:rpm/dive@0.9.2-1?arch=x86_64", pkg.Purl);
    }
}
