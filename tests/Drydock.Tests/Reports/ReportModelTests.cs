using Drydock.Inventory;
using Drydock.Model;
using Drydock.Reports;
using Drydock.Vulnerabilities;

namespace Drydock.Tests.Reports;

public sealed class ReportModelTests
{
    [Fact]
    public void Findings_Sample_SortedBySeverityDescThenIdThenPurl()
    {
        // Given
        var model = new ReportModel(new ScanReportBuilder().Build());

        // When
        var keys = model.Findings.Select(f => (f.Severity, f.VulnerabilityId, f.PackagePurl)).ToList();

        // Then
        Assert.Equal(
            keys.OrderByDescending(k => k.Severity).ThenBy(k => k.VulnerabilityId, StringComparer.Ordinal).ThenBy(k => k.PackagePurl, StringComparer.Ordinal),
            keys);
        Assert.Equal("CVE-2023-45133", model.Findings[0].VulnerabilityId);
        Assert.Equal(Severity.Unknown, model.Findings[^1].Severity);
    }

    [Fact]
    public void Controls_BenchmarkIds_NumericOrder()
    {
        // Given
        var model = new ReportModel(new ScanReportBuilder().Build());

        // When / Then
        Assert.Equal(["CIS-4.1", "CIS-4.2", "CIS-4.4", "CIS-4.5", "CIS-4.6", "CIS-4.8", "CIS-4.9", "CIS-4.10", "DRYDOCK-FRESHNESS"], model.Controls.Select(c => c.Id));
    }

    [Fact]
    public void Packages_SamePurlTwice_DistinctReferencesAndSpdxIds()
    {
        // Given
        var dup = ScanReportBuilder.Deb("libc6", "2.36-9+deb12u3", 1) with { FoundIn = "var/lib/dpkg/status.d/libc6" };
        var model = new ReportModel(new ScanReportBuilder().WithPackage(dup).Build());

        // When
        var libc = model.Packages.Where(p => p.Package.Name == "libc6").ToList();

        // Then
        Assert.Equal(2, libc.Count);
        Assert.NotEqual(libc[0].Reference, libc[1].Reference);
        Assert.StartsWith(libc[0].Package.Purl + "|", libc[0].Reference, StringComparison.Ordinal);
        Assert.Equal(model.Packages.Count, model.Packages.Select(p => p.SpdxId).Distinct().Count());
        Assert.Matches("^SPDXRef-Package-[0-9a-f]{16}$", libc[0].SpdxId);
    }

    [Fact]
    public void Dependencies_NamesAndPurls_ResolvedWithinInventoryOnly()
    {
        // Given: curl depends on libcurl4, which the inventory lacks
        var model = new ReportModel(new ScanReportBuilder().Build());
        string Ref(string name) => model.Packages.Single(p => p.Package.Name == name).Reference;

        // When
        var curl = model.Dependencies[Ref("curl")];
        var express = model.Dependencies[Ref("express")];

        // Then
        Assert.Equal([Ref("libc6"), Ref("libssl3"), Ref("zlib1g")], curl);
        Assert.Equal([Ref("body-parser")], express);
        Assert.Empty(model.Dependencies[Ref("body-parser")]);
    }

    [Fact]
    public void Packages_Sample_SortedByPurl()
    {
        // Given
        var model = new ReportModel(new ScanReportBuilder().Build());

        // When
        var purls = model.Packages.Select(p => p.Package.Purl).ToList();

        // Then
        Assert.Equal(purls.Order(StringComparer.Ordinal), purls);
        Assert.Equal(PackageType.Deb, model.Packages[0].Package.Type);
    }

    [Theory]
    [InlineData("CIS-4.2", "CIS-4.10", -1)]
    [InlineData("CIS-4.10", "CIS-4.9", 1)]
    [InlineData("CIS-4.1", "CIS-4.1", 0)]
    [InlineData("CIS-4.1", "DRYDOCK-FRESHNESS", -1)]
    public void ControlIdComparer_Ids_NumericAware(string a, string b, int sign)
    {
        // Given / When / Then
        Assert.Equal(sign, Math.Sign(ControlIdComparer.Instance.Compare(a, b)));
    }
}
