using System.Text.Json;
using Drydock.Inventory;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.Tests.Vulnerabilities.Matching;

/// <summary>
/// The complete Alpine v3.11 secdb imported, then the real alpine:3.11.5 inventory (trivy's EXPECTED_alpine-311
/// package list) matched. Expectations worked out by hand from v3.11/main.json: openssl's newest fix is 1.1.1d-r3
/// (CVE-2019-1551), musl's 1.1.23-r2 (CVE-2019-14697), busybox's 1.30.1-r2 (CVE-2019-5747) — all at or below what
/// 3.11.5 ships, so the real image is clean; older builds of the same packages are not.
/// </summary>
public sealed class Alpine311EndToEndTests
{
    private static async Task<TestDatabase> SecDbAsync() =>
        await TestDatabase.FromFeedAsync(new AlpineSecDbFeed(), SharedTestData.Path("alpine-secdb/v3.11"));

    private static List<Package> RealPackages()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedTestData.Path("trivy/pkg/fanal/test/testdata/EXPECTED_alpine-311.tar.gz.json")));
        var list = Find(doc.RootElement) ?? throw new InvalidOperationException("no Packages in EXPECTED_alpine-311");
        return list.EnumerateArray().Select(p => Apk(p.GetProperty("Name").GetString()!, p.GetProperty("Version").GetString()!, p.GetProperty("SrcName").GetString()!)).ToList();
    }

    private static JsonElement? Find(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == "Packages" && p.Value.ValueKind == JsonValueKind.Array) return p.Value;
                if (Find(p.Value) is { } found) return found;
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray()) if (Find(x) is { } found) return found;
        }
        return null;
    }

    private static Package Apk(string name, string version, string origin) => new()
    {
        Type = PackageType.Apk,
        Name = name,
        Version = version,
        SourceName = origin == name ? null : origin,
        Purl = $"pkg:apk/alpine/{name}@{version}?distro=3.11.5",
        FoundIn = "lib/apk/db/installed",
        LayerIndex = 0,
    };

    private static ImageInventory Image(IEnumerable<Package> packages, string version = "3.11.5") =>
        new() { Os = new OsInfo { Family = "alpine", Version = version }, Packages = packages.ToList() };

    [SharedDataFact]
    public async Task Match_RealAlpine311Inventory_NoFindings()
    {
        // Given
        using var db = await SecDbAsync();
        using var store = db.Open();
        var packages = RealPackages();

        // When
        var findings = VulnerabilityScanner.Match(Image(packages), store);

        // Then
        Assert.Equal(14, packages.Count);
        Assert.Empty(findings);
    }

    [SharedDataFact]
    public async Task Match_OlderOpensslAndMusl_FindingsFromSecDbViaOrigin()
    {
        // Given: the same image with openssl 1.1.1d-r0 and musl 1.1.22-r3 (builds before the fixes)
        using var db = await SecDbAsync();
        using var store = db.Open();
        var packages = RealPackages().Select(p => p.AdvisoryName switch
        {
            "openssl" => Apk(p.Name, "1.1.1d-r0", "openssl"),
            "musl" => Apk(p.Name, "1.1.22-r3", "musl"),
            _ => p,
        });

        // When
        var findings = VulnerabilityScanner.Match(Image(packages), store);

        // Then
        var got = findings.Select(f => $"{f.PackageName} {f.InstalledVersion} {f.VulnerabilityId} {f.FixedVersion} {f.Status}").ToList();
        Assert.Equal(
        [
            "libcrypto1.1 1.1.1d-r0 CVE-2019-1547 1.1.1d-r1 Fixed",
            "libcrypto1.1 1.1.1d-r0 CVE-2019-1549 1.1.1d-r1 Fixed",
            "libcrypto1.1 1.1.1d-r0 CVE-2019-1551 1.1.1d-r3 Fixed",
            "libcrypto1.1 1.1.1d-r0 CVE-2019-1563 1.1.1d-r1 Fixed",
            "libssl1.1 1.1.1d-r0 CVE-2019-1547 1.1.1d-r1 Fixed",
            "libssl1.1 1.1.1d-r0 CVE-2019-1549 1.1.1d-r1 Fixed",
            "libssl1.1 1.1.1d-r0 CVE-2019-1551 1.1.1d-r3 Fixed",
            "libssl1.1 1.1.1d-r0 CVE-2019-1563 1.1.1d-r1 Fixed",
            "musl 1.1.22-r3 CVE-2019-14697 1.1.23-r2 Fixed",
            "musl-utils 1.1.22-r3 CVE-2019-14697 1.1.23-r2 Fixed",
        ], got);
        Assert.All(findings, f => Assert.Equal(("alpine-secdb", 0), (f.DataSource, f.LayerIndex)));
    }

    [SharedDataTheory]
    [InlineData("1.30.1-r1", "1.30.1-r2")]
    [InlineData("1.29.3-r9", "1.29.3-r10")]
    public async Task Match_CveFixedInTwoVersions_LowestApplicableFix(string installed, string expectedFix)
    {
        // Given: secdb lists CVE-2019-5747 under busybox 1.30.1-r2 and 1.29.3-r10
        using var db = await SecDbAsync();
        using var store = db.Open();

        // When
        var findings = VulnerabilityScanner.Match(Image([Apk("busybox", installed, "busybox")]), store);

        // Then
        var finding = Assert.Single(findings, f => f.VulnerabilityId == "CVE-2019-5747");
        Assert.Equal(expectedFix, finding.FixedVersion);
    }

    [SharedDataFact]
    public async Task Match_Alpine310Image_V311DataNeverApplies()
    {
        // Given
        using var db = await SecDbAsync();
        using var store = db.Open();

        // When
        var findings = VulnerabilityScanner.Match(Image([Apk("musl", "1.1.22-r3", "musl")], "3.10.4"), store);

        // Then
        Assert.Empty(findings);
    }
}
