using Drydock.Reports;

namespace Drydock.Tests.Reports;

public sealed class ReportGoldenTests
{
    [Theory]
    [InlineData("table", "sample.table.txt")]
    [InlineData("json", "sample.json")]
    [InlineData("sarif", "sample.sarif")]
    [InlineData("cyclonedx", "sample.cdx.json")]
    [InlineData("spdx-json", "sample.spdx.json")]
    [InlineData("junit", "sample.junit.xml")]
    [InlineData("html", "sample.html")]
    public async Task WriteAsync_SampleReport_MatchesGoldenFile(string format, string golden)
    {
        // Given
        var report = new ScanReportBuilder().Build();

        // When
        var output = await ReportOutput.WriteAsync(format, report);

        // Then
        ReportOutput.AssertGolden(golden, output);
    }

    [Fact]
    public async Task WriteAsync_TableWithColour_MatchesGoldenFile()
    {
        // Given
        var report = new ScanReportBuilder().Build();

        // When
        var output = await ReportOutput.WriteAsync("table", report, colour: true);

        // Then
        ReportOutput.AssertGolden("sample.table-colour.txt", output);
        Assert.Contains("\u001b[1;31mCRITICAL\u001b[0m", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_CycloneDxWithoutFindings_IsThePlainSbom()
    {
        // Given
        var report = new ScanReportBuilder().WithoutFindings().WithoutControls().WithGate(null).Build();

        // When
        var output = await ReportOutput.WriteAsync("cyclonedx", report);

        // Then
        ReportOutput.AssertGolden("sample.sbom.cdx.json", output);
        Assert.DoesNotContain("\"vulnerabilities\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task WriteAsync_SameReportTwice_IsByteIdentical(string format)
    {
        // Given
        var report = new ScanReportBuilder().Build();

        // When
        var first = await ReportOutput.WriteAsync(format, report);
        var second = await ReportOutput.WriteAsync(format, new ScanReportBuilder().Build());

        // Then
        Assert.Equal(first, second);
        Assert.DoesNotContain(Path.GetTempPath(), first, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task WriteAsync_ShuffledInput_SameOutput(string format)
    {
        // Given: the same report with every list reversed
        var sorted = new ScanReportBuilder().Build();
        var shuffled = sorted with
        {
            Findings = [.. sorted.Findings.Reverse()],
            Controls = [.. sorted.Controls.Reverse()],
            Inventory = sorted.Inventory with { Packages = [.. sorted.Inventory.Packages.Reverse()] },
        };

        // When
        var a = await ReportOutput.WriteAsync(format, sorted);
        var b = await ReportOutput.WriteAsync(format, shuffled);

        // Then
        Assert.Equal(a, b);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task WriteAsync_MinimalReport_WritesWithoutOptionalData(string format)
    {
        // Given: an archive with no reference, digest, config, layers, packages, OS, database or gate
        var report = new Drydock.Scanning.ScanReport
        {
            ToolVersion = "0.1.0",
            GeneratedAt = ScanReportBuilder.GeneratedAt,
            Image = new Drydock.Scanning.ImageSummary { Target = "docker-archive:/images/app.tar", Id = "sha256:" + new string('e', 64), Platform = "linux/arm64/v8" },
            Inventory = new Drydock.Inventory.ImageInventory { Os = Drydock.Inventory.OsInfo.Unknown },
        };

        // When
        var output = await ReportOutput.WriteAsync(format, report);

        // Then
        Assert.Contains(format == "html" ? "docker-archive:/images/app.tar" : "app.tar", output, StringComparison.Ordinal);
        if (format is "json" or "sarif" or "cyclonedx" or "spdx-json") System.Text.Json.JsonDocument.Parse(output).Dispose();
    }

    public static TheoryData<string> Formats() => [.. ReportWriters.Formats];
}
