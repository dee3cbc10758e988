using System.Text.Json;
using Drydock.Inventory;
using Drydock.Reports;
using Drydock.Testing;

namespace Drydock.IntegrationTests.Reports;

[Trait("Category", "Integration")]
public sealed class ReportSchemaTests
{
    [NodeFact]
    public async Task CycloneDx_SampleWithVulnerabilities_ValidAgainstOfficialSchema()
    {
        // Given
        var report = new ScanReportBuilder().Build();

        // When
        var (valid, output) = await SchemaValidator.ValidateAsync("cyclonedx", await WriteAsync("cyclonedx", report));

        // Then
        Assert.True(valid, output);
    }

    [NodeFact]
    public async Task CycloneDx_SbomWithoutFindingsAndOddLicenses_ValidAgainstOfficialSchema()
    {
        // Given: the sbom mode, with license strings of every kind and a package seen twice with one purl
        var report = new ScanReportBuilder()
            .WithoutFindings()
            .WithPackage(Odd("a", ["GPL-2.0-or-later WITH Classpath-exception-2.0", "MIT"]))
            .WithPackage(Odd("b", ["(MIT OR Apache-2.0) AND BSD-3-Clause"]))
            .WithPackage(Odd("c", ["Custom <License> & Co.", "MIT"]))
            .WithPackage(Odd("c", ["mit"]) with { FoundIn = "other/node_modules/c/package.json" })
            .Build();

        // When
        var (valid, output) = await SchemaValidator.ValidateAsync("cyclonedx", await WriteAsync("cyclonedx", report));

        // Then
        Assert.True(valid, output);
    }

    [NodeFact]
    public async Task Sarif_Sample_ValidAgainstOfficialSchema()
    {
        // Given
        var report = new ScanReportBuilder().Build();

        // When
        var (valid, output) = await SchemaValidator.ValidateAsync("sarif", await WriteAsync("sarif", report));

        // Then
        Assert.True(valid, output);
    }

    [NodeFact]
    public async Task Spdx_SampleAndOddLicenses_PassSpdx23Checks()
    {
        // Given
        var report = new ScanReportBuilder()
            .WithPackage(Odd("a", ["GPL-2.0-or-later WITH Classpath-exception-2.0", "Custom License"]))
            .WithPackage(Odd("b", ["Custom-License", "(MIT OR Apache-2.0) AND BSD-3-Clause"]))
            .Build();

        // When
        var (valid, output) = await SchemaValidator.ValidateAsync("spdx", await WriteAsync("spdx-json", report));

        // Then
        Assert.True(valid, output);
    }

    [NodeFact]
    public async Task SpdxLicenseIds_EveryCuratedId_IsInTheOfficialSpdxList()
    {
        // Given
        var ids = JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<string>>
        {
            ["licenses"] = SpdxLicenseIds.Licenses,
            ["exceptions"] = SpdxLicenseIds.Exceptions,
        });

        // When
        var (valid, output) = await SchemaValidator.ValidateAsync("spdx-ids", ids);

        // Then
        Assert.True(valid, output);
    }

    [NodeFact]
    public async Task AllFormats_MinimalReportWithoutOptionalData_Valid()
    {
        // Given: an archive with no reference, digest, config, layers, packages, OS, database or gate
        var report = new Drydock.Scanning.ScanReport
        {
            ToolVersion = "0.1.0",
            GeneratedAt = ScanReportBuilder.GeneratedAt,
            Image = new Drydock.Scanning.ImageSummary { Target = "docker-archive:/images/app.tar", Id = "sha256:" + new string('e', 64), Platform = "linux/arm64/v8" },
            Inventory = new ImageInventory { Os = OsInfo.Unknown },
        };

        // When
        var results = new[]
        {
            await SchemaValidator.ValidateAsync("cyclonedx", await WriteAsync("cyclonedx", report)),
            await SchemaValidator.ValidateAsync("sarif", await WriteAsync("sarif", report)),
            await SchemaValidator.ValidateAsync("spdx", await WriteAsync("spdx-json", report)),
        };

        // Then
        Assert.All(results, r => Assert.True(r.Valid, r.Output));
    }

    [NodeFact]
    public async Task Validators_BrokenDocuments_AreRejected()
    {
        // Given: one wrong value in each format, so a validator that accepts everything would fail here
        var report = new ScanReportBuilder().Build();
        var cdx = (await WriteAsync("cyclonedx", report)).Replace("\"severity\": \"critical\"", "\"severity\": \"dire\"", StringComparison.Ordinal);
        var sarif = (await WriteAsync("sarif", report)).Replace("\"level\": \"error\"", "\"level\": \"fatal\"", StringComparison.Ordinal);
        var spdx = (await WriteAsync("spdx-json", report)).Replace("\"licenseDeclared\": \"Apache-2.0\"", "\"licenseDeclared\": \"Apache 2\"", StringComparison.Ordinal);

        // When
        var results = new[]
        {
            await SchemaValidator.ValidateAsync("cyclonedx", cdx),
            await SchemaValidator.ValidateAsync("sarif", sarif),
            await SchemaValidator.ValidateAsync("spdx", spdx),
        };

        // Then
        Assert.All(results, r => Assert.False(r.Valid, r.Output));
    }

    private static Package Odd(string name, string[] licenses) => new()
    {
        Type = PackageType.Npm,
        Name = name,
        Version = "1.0.0",
        Purl = $"pkg:npm/{name}@1.0.0",
        Licenses = licenses,
        FoundIn = $"app/node_modules/{name}/package.json",
        LayerIndex = 2,
    };

    private static async Task<string> WriteAsync(string format, Drydock.Scanning.ScanReport report)
    {
        using var stream = new MemoryStream();
        await ReportWriters.Get(format).WriteAsync(report, stream, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
