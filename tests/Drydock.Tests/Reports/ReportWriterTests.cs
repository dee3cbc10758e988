using System.Text.Json;
using System.Xml.Linq;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Reports;
using Drydock.Vulnerabilities;

namespace Drydock.Tests.Reports;

public sealed class ReportWriterTests
{
    private const string Hostile = "<script>alert(\"x\")</script>&'";

    [Fact]
    public void Get_UnknownFormat_UsageExceptionListingFormats()
    {
        // Given / When
        var e = Assert.Throws<UsageException>(() => ReportWriters.Get("xml"));

        // Then
        Assert.Contains("cyclonedx", e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
    }

    [Fact]
    public void Get_EveryFormat_WriterNamesItsFormat()
    {
        // Given / When / Then
        Assert.All(ReportWriters.Formats, f => Assert.Equal(f, ReportWriters.Get(f.ToUpperInvariant()).Format));
    }

    [Fact]
    public async Task Html_HostileNamesAndTexts_Escaped()
    {
        // Given
        var report = HostileReport();

        // When
        var html = await ReportOutput.WriteAsync("html", report);

        // Then: the only script element is the page's own
        Assert.Equal(1, CountOf(html, "<script"));
        Assert.DoesNotContain(Hostile, html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("cyclonedx")]
    [InlineData("spdx-json")]
    public async Task JsonFormats_HostileNames_ParseAndRoundTrip(string format)
    {
        // Given
        var report = HostileReport();

        // When
        var text = await ReportOutput.WriteAsync(format, report);

        // Then
        using var doc = JsonDocument.Parse(text);
        Assert.Contains(Hostile, JsonStrings(doc.RootElement));
    }

    [Fact]
    public async Task JUnit_HostileAndControlCharacters_WellFormedXmlWithCounts()
    {
        // Given
        var report = HostileReport();

        // When
        var xml = XDocument.Parse(await ReportOutput.WriteAsync("junit", report));

        // Then
        var suites = xml.Root!.Elements("testsuite").ToDictionary(s => (string)s.Attribute("name")!);
        Assert.Equal(report.Findings.Count, (int)suites["vulnerabilities"].Attribute("tests")!);
        Assert.Equal(report.Findings.Count(f => f.Suppression is null), suites["vulnerabilities"].Elements("testcase").Count(t => t.Element("failure") is not null));
        Assert.Equal(2, suites["vulnerabilities"].Elements("testcase").Count(t => t.Element("skipped") is not null));
        Assert.Equal(6, suites["controls"].Elements("testcase").Count(t => t.Element("failure") is not null));
        Assert.Equal(1, suites["controls"].Elements("testcase").Count(t => t.Element("skipped") is not null));
        Assert.Contains(xml.Descendants("failure"), f => ((string?)f.Attribute("message") ?? "").Contains(Hostile, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("html")]
    [InlineData("table")]
    [InlineData("cyclonedx")]
    public async Task Write_SecretInEnvAndHistory_Masked(string format)
    {
        // Given: the sample sets API_TOKEN=s3cr3t-t0ken-value in ENV and history
        var report = new ScanReportBuilder().Build();

        // When
        var text = await ReportOutput.WriteAsync(format, report);

        // Then
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_Sample_MasksEnvAndKeepsSchemaVersion()
    {
        // Given
        var report = new ScanReportBuilder().Build();

        // When
        using var doc = JsonDocument.Parse(await ReportOutput.WriteAsync("json", report));

        // Then
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Contains("API_TOKEN=****", root.GetProperty("image").GetProperty("config").GetProperty("env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, root.GetProperty("summary").GetProperty("bySeverity").GetProperty("CRITICAL").GetInt32());
        Assert.False(root.GetProperty("gate").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Sarif_Sample_EveryResultHasLocationAndMatchingRule()
    {
        // Given
        var report = new ScanReportBuilder().Build();

        // When
        using var doc = JsonDocument.Parse(await ReportOutput.WriteAsync("sarif", report));

        // Then
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(report.Findings.Count + report.Controls.Count(c => c.Outcome == Drydock.Controls.ControlOutcome.Fail), results.Count);
        Assert.Equal(rules.Count, rules.Distinct().Count());
        Assert.All(results, r =>
        {
            Assert.Equal(rules[r.GetProperty("ruleIndex").GetInt32()], r.GetProperty("ruleId").GetString());
            Assert.NotEmpty(r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!);
        });
        var critical = run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[rules.IndexOf("CVE-2023-45133")];
        Assert.Equal("9.3", critical.GetProperty("properties").GetProperty("security-severity").GetString());
    }

    [Fact]
    public async Task CycloneDx_Sample_AnalysisOnlyForSuppressedFindings()
    {
        // Given: a VEX statement on CVE-2023-49083 and a waiver on CVE-2023-45853
        var report = new ScanReportBuilder().Build();

        // When
        using var doc = JsonDocument.Parse(await ReportOutput.WriteAsync("cyclonedx", report));

        // Then
        var analyses = doc.RootElement.GetProperty("vulnerabilities").EnumerateArray()
            .Where(v => v.TryGetProperty("analysis", out _))
            .ToDictionary(v => v.GetProperty("id").GetString()!, v => v.GetProperty("analysis"));
        Assert.Equal(2, analyses.Count);
        Assert.Equal("not_affected", analyses["CVE-2023-49083"].GetProperty("state").GetString());
        Assert.Equal("code_not_reachable", analyses["CVE-2023-49083"].GetProperty("justification").GetString());
        Assert.Equal("exploitable", analyses["CVE-2023-45853"].GetProperty("state").GetString());
        Assert.Equal("will_not_fix", analyses["CVE-2023-45853"].GetProperty("response")[0].GetString());
        Assert.Equal("waiver: minizip is not built into zlib1g (owner platform-team, expires 2027-01-31)", analyses["CVE-2023-45853"].GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("min-age", null, "in_triage")]
    [InlineData("baseline", null, "in_triage")]
    [InlineData("vex", "fixed", "resolved")]
    [InlineData("vex", "not_affected", "not_affected")]
    public async Task CycloneDx_SuppressionKinds_MappedToAnalysisStates(string kind, string? justification, string state)
    {
        // Given
        var finding = ScanReportBuilder.Vuln("CVE-2099-0002", "pkg:npm/express@4.18.2", "express", "4.18.2", null, VulnerabilityStatus.Affected, Severity.High, "osv:npm", 2)
            with
        { Suppression = new Suppression(kind, "why", Justification: justification) };
        var report = new ScanReportBuilder().WithoutFindings().WithFinding(finding).Build();

        // When
        using var doc = JsonDocument.Parse(await ReportOutput.WriteAsync("cyclonedx", report));

        // Then
        var analysis = doc.RootElement.GetProperty("vulnerabilities")[0].GetProperty("analysis");
        Assert.Equal(state, analysis.GetProperty("state").GetString());
        Assert.False(analysis.TryGetProperty("justification", out _));
    }

    [Fact]
    public async Task CycloneDx_FindingForPackageNotInInventory_NoDanglingReference()
    {
        // Given
        var orphan = ScanReportBuilder.Vuln("CVE-2099-0003", "pkg:npm/ghost@1.0.0", "ghost", "1.0.0", "1.0.1", VulnerabilityStatus.Fixed, Severity.Low, "osv:npm", 2);
        var report = new ScanReportBuilder().WithoutFindings().WithFinding(orphan).Build();

        // When
        using var doc = JsonDocument.Parse(await ReportOutput.WriteAsync("cyclonedx", report));

        // Then
        var refs = doc.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("bom-ref").GetString()).ToHashSet();
        var vulnerability = doc.RootElement.GetProperty("vulnerabilities")[0];
        Assert.False(vulnerability.TryGetProperty("affects", out _));
        Assert.DoesNotContain("pkg:npm/ghost@1.0.0", refs);
    }

    [Fact]
    public void DeterministicUuid_SameName_SameVersion5Uuid()
    {
        // Given / When
        var a = DeterministicUuid.Create("drydock:sha256:abc@2026-11-23T08:00:00Z:cyclonedx");
        var b = DeterministicUuid.Create("drydock:sha256:abc@2026-11-23T08:00:00Z:cyclonedx");
        var c = DeterministicUuid.Create("drydock:sha256:abc@2026-11-23T08:00:01Z:cyclonedx");

        // Then
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal('5', a.ToString()[14]);
        // Oracle: Python's uuid.uuid5(uuid.NAMESPACE_URL, "x").
        Assert.Equal("4cd605e7-afa2-5360-b5b9-c5e9fb5c76f4", DeterministicUuid.Create("x").ToString());
    }

    private static Drydock.Scanning.ScanReport HostileReport() => new ScanReportBuilder()
        .WithPackage(new Package { Type = PackageType.Npm, Name = Hostile, Version = "1.0.0", Purl = "pkg:npm/evil@1.0.0", Licenses = [Hostile], FoundIn = "app/evil/package.json", LayerIndex = 2 })
        .WithFinding(ScanReportBuilder.Vuln("CVE-2099-0001", "pkg:npm/evil@1.0.0", Hostile, "1.0.0", null, VulnerabilityStatus.Affected, Severity.High, "osv:npm", 2) with
        {
            Title = Hostile + "\u0001",
            Description = Hostile,
        })
        .Build();

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static List<string> JsonStrings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => JsonStrings(p.Value)).ToList(),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(JsonStrings).ToList(),
        _ => [],
    };
}
