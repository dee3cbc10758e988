using System.Text.Json;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>trivy-db's redhat-csaf fixtures (vuln-list-redhat layout: csaf-vex/*.json + cpe/*.json) against the values its test asserts.</summary>
public sealed class RedHatCsafFeedTests
{
    private const string Source = "trivy-db/pkg/vulnsrc/redhat-csaf";

    [SharedDataFact]
    public async Task ReadAsync_TrivyDbFixture_RowsAsTrivyDbStores()
    {
        // Given
        var records = await ReadAsync(SharedTestData.Path(Source + "/testdata/vuln-list-redhat"));
        var want = Expected(out var cpes);

        // When
        var got = records.SelectMany(r => r.Affected)
            .Select(a => $"{a.VulnerabilityId} {a.Package} {a.Namespace} {a.Fixed ?? "-"} {a.Status} {a.Severity}")
            .Order(StringComparer.Ordinal).ToList();
        var gotCpes = records.SelectMany(r => r.ProductCpes).Select(p => $"{p.Kind} {p.Key} {p.Cpe}").Order(StringComparer.Ordinal).ToList();

        // Then
        Assert.Equal(want, got);
        Assert.Equal(cpes, gotCpes);
        var pam = Assert.Single(records, r => r.Vulnerability?.Id == "CVE-2024-10041").Vulnerability!;
        Assert.Equal(["RHSA-2024:9941"], pam.Aliases);
        Assert.Equal(("CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N", 4.7), (pam.Cvss[0].Vector, pam.Cvss[0].Score!.Value));
    }

    [SharedDataFact]
    public async Task Match_ContentSets_OnlyTheProductsCpesApply()
    {
        // Given: pam is fixed for RHEL 9 BaseOS only; RHEL 9's default BaseOS repository maps to that CPE as in Red
        // Hat's repository-to-cpe.json, the fixture maps a RHEL 8 repository to RHEL 8 BaseOS
        var records = await ReadAsync(SharedTestData.Path(Source + "/testdata/vuln-list-redhat"));
        records.Add(new AdvisoryRecord(null, []) { ProductCpes = [new ProductCpe(ProductCpe.Repository, "rhel-9-for-x86_64-baseos-rpms", "cpe:/o:redhat:enterprise_linux:9::baseos")] });
        using var db = TestDatabase.From([.. records]);
        using var store = db.Open();

        // When
        var rhel9 = VulnerabilityScanner.Match(Image("9.4", Pam(null)), store);
        var rhel8 = VulnerabilityScanner.Match(Image("8.10", Pam(null)), store);
        var fromRhel8Repo = VulnerabilityScanner.Match(Image("9.4", Pam(new RedHatBuildInfo { ContentSets = ["rhel-8-for-x86_64-baseos-rpms"] })), store);

        // Then
        var finding = Assert.Single(rhel9);
        Assert.Equal(("CVE-2024-10041", "1.5.1-21.el9_5", VulnerabilityStatus.Fixed, Severity.Medium, "redhat-csaf"),
            (finding.VulnerabilityId, finding.FixedVersion, finding.Status, finding.Severity, finding.DataSource));
        Assert.Equal(["RHSA-2024:9941"], finding.Aliases);
        Assert.Empty(rhel8);
        Assert.Empty(fromRhel8Repo);
    }

    [Theory]
    [InlineData("pkg:rpm/redhat/test-package@1.0.0-1.el9?arch=x86_64&epoch=1", "test-package", "1:1.0.0-1.el9")]
    [InlineData("pkg:rpm/redhat/pam@1.5.1-21.el9_5?arch=x86_64&epoch=0", "pam", "1.5.1-21.el9_5")]
    [InlineData("pkg:rpm/redhat/httpd@2.4.37-65.module%2Bel8.10.0%2B21982?arch=aarch64&rpmmod=httpd:2.4:8100020240612075645:489197e6", "httpd:2.4::httpd", "2.4.37-65.module+el8.10.0+21982")]
    [InlineData("pkg:rpm/redhat/firefox-x11?rpmmod=firefox:flatpak", "firefox:flatpak::firefox-x11", null)]
    public void RpmPurlParse_RedHatComponent_KeyAndEvr(string purl, string key, string? evr)
    {
        // Given / When
        var rpm = RpmPurl.Parse(purl);

        // Then
        Assert.Equal((key, evr), (rpm!.Key, rpm.Evr));
    }

    [Theory]
    [InlineData("pkg:rpm/redhat/pam?arch=src")]
    [InlineData("pkg:oci/redhat/oci-image@1.0.0")]
    public void RpmPurlParse_SourceOrNotRpm_Null(string purl) => Assert.Null(RpmPurl.Parse(purl));

    [Fact]
    public void MatchingNamespaces_EditionCpe_AlsoTheProductCpe()
    {
        // Given / When
        var namespaces = RedHatCpe.MatchingNamespaces("cpe:/a:redhat:enterprise_linux:9::appstream").ToList();

        // Then
        Assert.Equal(["redhat-cpe:redhat:enterprise_linux:9::appstream", "redhat-cpe:redhat:enterprise_linux:9"], namespaces);
        Assert.Equal("redhat-cpe:redhat:enterprise_linux:9", RedHatCpe.Namespace("cpe:/o:redhat:enterprise_linux:9"));
    }

    private static Package Pam(RedHatBuildInfo? build) => new()
    {
        Type = PackageType.Rpm,
        Name = "pam",
        Version = "1.5.1-20.el9",
        Architecture = "x86_64",
        Purl = "pkg:rpm/redhat/pam@1.5.1-20.el9",
        FoundIn = "var/lib/rpm/rpmdb.sqlite",
        LayerIndex = 0,
        BuildInfo = build,
    };

    private static ImageInventory Image(string version, Package package) =>
        new() { Os = new OsInfo { Family = "redhat", Version = version }, Packages = [package] };

    private static async Task<List<AdvisoryRecord>> ReadAsync(string dir)
    {
        var records = new List<AdvisoryRecord>();
        await foreach (var r in new RedHatCsafFeed().ReadAsync(dir, CancellationToken.None)) records.Add(r);
        return records;
    }

    // advisory-detail [id, "Red Hat", package] → Entries[{FixedVersion, Status, CVEs[{ID, Severity}], AffectedCPEIndices}].
    private static List<string> Expected(out List<string> productCpes)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedTestData.Path(Source + "/EXPECTED_csaf_test.json")));
        var values = doc.RootElement.GetProperty("tests").GetProperty("TestVulnSrc_Update")[0].GetProperty("wantValues").EnumerateArray()
            .Select(w => (Key: w.GetProperty("Key").EnumerateArray().Select(k => k.GetString()!).ToArray(), Value: w.GetProperty("Value"))).ToList();
        var cpeByIndex = values.Where(v => v.Key is ["Red Hat CPE", "cpe", _]).ToDictionary(v => int.Parse(v.Key[2], System.Globalization.CultureInfo.InvariantCulture), v => v.Value.GetString()!);
        productCpes = values.Where(v => v.Key is ["Red Hat CPE", "repository" or "nvr", _])
            .SelectMany(v => v.Value.EnumerateArray().Select(i => $"{v.Key[1]} {v.Key[2]} {cpeByIndex[i.GetInt32()]}"))
            .Order(StringComparer.Ordinal).ToList();
        var rows = new List<string>();
        foreach (var (key, value) in values.Where(v => v.Key is ["advisory-detail", _, "Red Hat", _]))
            foreach (var entry in value.GetProperty("Entries").EnumerateArray())
            {
                var fixedVersion = TrivyDbExpectations.Str(entry, "FixedVersion") is { Length: > 0 } f ? f : "-";
                var status = TrivyDbExpectations.Str(entry, "Status") switch
                {
                    "types.StatusAffected" => VulnerabilityStatus.Affected,
                    _ => VulnerabilityStatus.Fixed,
                };
                foreach (var cve in entry.GetProperty("CVEs").EnumerateArray())
                    foreach (var index in entry.GetProperty("AffectedCPEIndices").EnumerateArray())
                        rows.Add($"{TrivyDbExpectations.Str(cve, "ID") ?? key[1]} {key[3]} {RedHatCpe.Namespace(cpeByIndex[index.GetInt32()])} "
                            + $"{fixedVersion} {status} {Enum.Parse<Severity>(TrivyDbExpectations.Str(cve, "Severity")!["types.Severity".Length..])}");
            }
        return rows.Order(StringComparer.Ordinal).ToList();
    }
}
