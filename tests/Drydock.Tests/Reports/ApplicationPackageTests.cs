using System.Text.Json;
using Drydock.Inventory;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Reports;

public sealed class ApplicationPackageTests
{
    private static readonly Package App = new()
    {
        Type = PackageType.Npm,
        Name = "web",
        Version = "2.0.0",
        Purl = "pkg:npm/web@2.0.0",
        DependsOn = ["left-pad"],
        FoundIn = "srv/web/package.json",
        LayerIndex = 3,
        IsApplication = true,
    };

    private static readonly Package LeftPad = new()
    {
        Type = PackageType.Npm,
        Name = "left-pad",
        Version = "1.3.0",
        Purl = "pkg:npm/left-pad@1.3.0",
        FoundIn = "srv/web/node_modules/left-pad/package.json",
        LayerIndex = 3,
    };

    private static string? Purl(JsonElement component) => component.TryGetProperty("purl", out var p) ? p.GetString() : null;

    private static Task<string> Write(string format) =>
        ReportOutput.WriteAsync(format, new ScanReportBuilder().WithoutFindings().WithPackage(App).WithPackage(LeftPad).Build());

    [Fact]
    public async Task CycloneDx_Application_ComponentOfTypeApplicationWithItsDependencies()
    {
        // When
        using var bom = JsonDocument.Parse(await Write("cyclonedx"));

        // Then
        var components = bom.RootElement.GetProperty("components").EnumerateArray().ToList();
        var app = components.Single(c => Purl(c) == App.Purl);
        Assert.Equal("application", app.GetProperty("type").GetString());
        Assert.Equal("library", components.Single(c => Purl(c) == LeftPad.Purl).GetProperty("type").GetString());
        var appRef = app.GetProperty("bom-ref").GetString();
        var dependsOn = bom.RootElement.GetProperty("dependencies").EnumerateArray()
            .Single(d => d.GetProperty("ref").GetString() == appRef).GetProperty("dependsOn").EnumerateArray().Select(e => e.GetString());
        Assert.Equal([components.Single(c => Purl(c) == LeftPad.Purl).GetProperty("bom-ref").GetString()], dependsOn);
    }

    [Fact]
    public async Task Spdx_Application_DescribedPackageWithPurposeApplication()
    {
        // When
        using var doc = JsonDocument.Parse(await Write("spdx-json"));

        // Then
        var app = doc.RootElement.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "web");
        var id = app.GetProperty("SPDXID").GetString();
        Assert.Equal("APPLICATION", app.GetProperty("primaryPackagePurpose").GetString());
        Assert.Contains(id, doc.RootElement.GetProperty("documentDescribes").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(doc.RootElement.GetProperty("relationships").EnumerateArray(), r =>
            r.GetProperty("spdxElementId").GetString() == "SPDXRef-DOCUMENT" && r.GetProperty("relationshipType").GetString() == "DESCRIBES"
            && r.GetProperty("relatedSpdxElement").GetString() == id);
    }

    [Fact]
    public async Task Json_Application_FlaggedOnTheAppOnly()
    {
        // When
        using var doc = JsonDocument.Parse(await Write("json"));

        // Then
        var packages = doc.RootElement.GetProperty("packages").EnumerateArray().ToList();
        var flagged = packages.Where(p => p.TryGetProperty("application", out var a) && a.GetBoolean()).Select(p => p.GetProperty("purl").GetString());
        Assert.Equal([App.Purl], flagged);
    }
}
