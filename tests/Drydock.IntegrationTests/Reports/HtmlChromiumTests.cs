using System.Text;
using System.Text.RegularExpressions;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Reports;
using Drydock.Scanning;
using Drydock.Testing;
using Drydock.Vulnerabilities;

namespace Drydock.IntegrationTests.Reports;

[Trait("Category", "Integration")]
public sealed partial class HtmlChromiumTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("drydock-html-");

    public void Dispose() => dir.Delete(recursive: true);

    [ChromiumFact]
    public async Task Render_SampleReport_DomHasSummaryCardsAndEveryFindingRow()
    {
        // Given
        var report = new ScanReportBuilder().Build();
        var file = await WriteHtmlAsync(report);

        // When
        var dom = await HtmlRendering.DumpDomAsync(file);

        // Then
        Assert.Equal(9, report.Controls.Count);
        Assert.Contains("data-ready=\"true\"", dom, StringComparison.Ordinal);
        foreach (var card in new[] { "card-image", "card-os", "card-packages", "card-freshness", "card-findings", "card-gate" })
            Assert.Contains($"id=\"{card}\"", dom, StringComparison.Ordinal);
        Assert.Contains("FAILED", dom, StringComparison.Ordinal);
        Assert.Equal(11, Rows().Count(dom));
        Assert.Contains("11 of 11 shown", dom, StringComparison.Ordinal);
        Assert.Equal(report.Controls.Count, Regex.Count(dom, "<tr data-outcome="));
    }

    [ChromiumFact]
    public async Task Render_SortByPackageQuery_BrowserReordersRows()
    {
        // Given
        var file = await WriteHtmlAsync(new ScanReportBuilder().Build());

        // When
        var ascending = Packages(await HtmlRendering.DumpDomAsync(file, "?sort=package"));
        var descending = Packages(await HtmlRendering.DumpDomAsync(file, "?sort=package&dir=desc"));

        // Then
        Assert.Equal("@babel/traverse", ascending[0]);
        Assert.Equal("zlib1g", ascending[^1]);
        Assert.Equal(ascending.Order(StringComparer.Ordinal), ascending);
        Assert.Equal("zlib1g", descending[0]);
    }

    [ChromiumFact]
    public async Task Render_SeverityFilterQuery_HidesOtherRows()
    {
        // Given
        var file = await WriteHtmlAsync(new ScanReportBuilder().Build());

        // When
        var dom = await HtmlRendering.DumpDomAsync(file, "?sev=CRITICAL");

        // Then
        Assert.Contains("2 of 11 shown", dom, StringComparison.Ordinal);
        Assert.Equal(9, Rows().Matches(dom).Count(m => m.Groups["hidden"].Success));
    }

    [ChromiumFact]
    public async Task Render_HostilePackageNameAndDescription_NoScriptRuns()
    {
        // Given: markup in a package name and an advisory title, as a hostile image or feed could carry
        const string attack = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"><script>document.body.setAttribute('data-pwned','2')</script>";
        var report = new ScanReportBuilder()
            .WithPackage(new Package { Type = PackageType.Npm, Name = attack, Version = "1.0.0", Purl = "pkg:npm/evil@1.0.0", FoundIn = "app/package.json", LayerIndex = 2 })
            .WithFinding(ScanReportBuilder.Vuln("CVE-2099-0001", "pkg:npm/evil@1.0.0", attack, "1.0.0", null, VulnerabilityStatus.Affected, Severity.High, "osv:npm", 2) with { Title = attack })
            .Build();
        var file = await WriteHtmlAsync(report);

        // When
        var dom = await HtmlRendering.DumpDomAsync(file);

        // Then
        Assert.Contains("data-ready=\"true\"", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("data-pwned", dom.Replace("setAttribute('data-pwned'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", dom, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Screenshot_SampleReport_RendersHeaderCardsChartAndTable()
    {
        // Given
        var file = await WriteHtmlAsync(new ScanReportBuilder().Build());

        // When
        var png = await HtmlRendering.ScreenshotAsync(file, 1280, 2000);
        var image = PngImage.Decode(png);

        // Then: the page is drawn (not blank), with its header, the failed gate card and the severity colours
        Assert.True(png.Length > 50_000, $"screenshot is only {png.Length} bytes");
        Assert.Equal((1280, 2000), (image.Width, image.Height));
        Assert.True(image.DistinctColours() > 200, "screenshot has too few colours to be the rendered report");
        Assert.Equal(0x13233D, image.Rgb(10, 10));
        var top = Enumerable.Range(0, 600).SelectMany(y => Enumerable.Range(0, image.Width).Select(x => image.Rgb(x, y))).ToHashSet();
        Assert.Contains(0xC62828, top); // gate FAILED card border
        Assert.Contains(0x8E1B1B, top); // critical badge and bar
        Assert.Contains(0xE69A07, top); // medium bar
    }

    private async Task<string> WriteHtmlAsync(ScanReport report)
    {
        var path = Path.Combine(dir.FullName, "report.html");
        await using var stream = File.Create(path);
        await ReportWriters.Get("html").WriteAsync(report, stream, CancellationToken.None);
        return path;
    }

    private static List<string> Packages(string dom) =>
        Rows().Matches(dom).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups["package"].Value)).ToList();

    [GeneratedRegex("<tr data-severity=\"[A-Z]+\"(?<hidden> hidden=\"\")?>.*?<td title=\"[^\"]*\">(?<package>[^<]*)</td>")]
    private static partial Regex Rows();
}
