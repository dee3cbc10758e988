using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>The Ubuntu CVE tracker in its three spellings, against trivy-db's and vunnel's expectations.</summary>
public sealed class UbuntuTrackerFeedTests
{
    private const string Vunnel = "vunnel/tests/unit/providers/ubuntu/test-fixtures";

    [SharedDataFact]
    public async Task ReadAsync_TrivyDbVulnList_ReleasedAndPendingAsTrivyDb()
    {
        // Given
        var records = await ReadAsync(SharedTestData.Path("trivy-db/pkg/vulnsrc/ubuntu/testdata"));

        // When
        var record = Assert.Single(records);
        var rows = record.Affected.ToDictionary(r => r.Namespace);

        // Then: trivy-db stores bionic (released 1.2.3) and jammy (pending: no fix yet); focal's needs-triage is kept as
        // affected with Ubuntu's own word, where trivy-db drops it
        Assert.Equal(("xen", "1.2.3", VulnerabilityStatus.Fixed, Severity.Medium), (rows["ubuntu:18.04"].Package, rows["ubuntu:18.04"].Fixed, rows["ubuntu:18.04"].Status, rows["ubuntu:18.04"].Severity));
        Assert.Equal((null, VulnerabilityStatus.Affected, "pending: 1.2.4"), (rows["ubuntu:22.04"].Fixed, rows["ubuntu:22.04"].Status, rows["ubuntu:22.04"].StatusDetail));
        Assert.Equal((VulnerabilityStatus.Affected, "needs-triage"), (rows["ubuntu:20.04"].Status, rows["ubuntu:20.04"].StatusDetail));
        Assert.StartsWith("Observable response discrepancy", record.Vulnerability!.Description, StringComparison.Ordinal);
        Assert.Equal(["https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2021-0089"], record.Vulnerability.References);
    }

    [SharedDataFact]
    public async Task ReadAsync_VunnelNormalizedData_FixedInAsVunnelSnapshots()
    {
        // Given
        var rows = (await ReadAsync(SharedTestData.Path(Vunnel + "/normalized-cve-data"))).SelectMany(r => r.Affected).ToList();
        var compared = 0;

        foreach (var snapshot in Directory.EnumerateFiles(SharedTestData.Path(Vunnel + "/snapshots"), "cve-*.json", SearchOption.AllDirectories))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(snapshot));
            var vuln = doc.RootElement.GetProperty("item").GetProperty("Vulnerability");
            var ns = vuln.GetProperty("NamespaceName").GetString()!;
            var id = vuln.GetProperty("Name").GetString()!;
            var fixedIn = vuln.GetProperty("FixedIn").EnumerateArray()
                .Select(f => $"{f.GetProperty("Name").GetString()} {f.GetProperty("Version").GetString()}").Order(StringComparer.Ordinal).ToList();

            // When
            var ours = rows.Where(r => r.Namespace == ns && r.VulnerabilityId == id && r.Status != VulnerabilityStatus.NotAffected)
                .Select(r => $"{r.Package} {r.Fixed ?? "None"}").Order(StringComparer.Ordinal).ToList();

            // Then
            Assert.Equal(fixedIn, ours);
            Assert.Equal(vuln.GetProperty("Severity").GetString(), rows.First(r => r.Namespace == ns && r.VulnerabilityId == id).Severity.ToString());
            compared++;
        }
        Assert.True(compared >= 5, $"only {compared} snapshots compared");
    }

    [Fact]
    public void ParseText_TrackerFile_StatusesPrioritiesAndSubStates()
    {
        // Given: the layout of active/CVE-* in the tracker (UCT scripts/cve_lib.py)
        const string text = """
            Candidate: CVE-2024-1234
            PublicDate: 2024-02-01 10:00:00 UTC
            References:
             https://www.cve.org/CVERecord?id=CVE-2024-1234
             https://example.org/advisory
            Description:
             A flaw in the parser.
            Notes:
             someone> not in main
            Priority: medium

            Patches_libfoo:
             upstream: https://example.org/fix.patch
            upstream_libfoo: released (1.3)
            focal_libfoo: ignored (end of standard support)
            jammy_libfoo: released (1.2-1ubuntu0.1)
            noble_libfoo: not-affected (1.3-1)
            oracular_libfoo: deferred (2024-03-01)
            esm-infra/focal_libfoo: needed
            devel_libfoo: DNE
            Priority_libfoo_jammy: high

            Patches_libbar:
            jammy_libbar: needed
            Priority_libbar: negligible
            """;

        // When
        var record = UbuntuTrackerRecords.From(UbuntuCveParser.ParseText(new StringReader(text))!);

        // Then
        var got = record.Affected.Select(r => $"{r.Namespace} {r.Package} {r.Fixed ?? "-"} {r.Status} {r.StatusDetail} {r.Severity}").ToList();
        Assert.Equal(
        [
            "ubuntu:20.04 libfoo - EndOfLife ignored: end of standard support Medium",
            "ubuntu:22.04 libfoo 1.2-1ubuntu0.1 Fixed released High",
            "ubuntu:24.04 libfoo - NotAffected not-affected: 1.3-1 Medium",
            "ubuntu:24.10 libfoo - FixDeferred deferred: 2024-03-01 Medium",
            "ubuntu:22.04 libbar - Affected needed Low",
        ], got);
        Assert.Equal(["https://www.cve.org/CVERecord?id=CVE-2024-1234", "https://example.org/advisory"], record.Vulnerability!.References);
        Assert.Equal(new DateTimeOffset(2024, 2, 1, 10, 0, 0, TimeSpan.Zero), record.Vulnerability.Published);
    }

    private static async Task<List<AdvisoryRecord>> ReadAsync(string dir)
    {
        var records = new List<AdvisoryRecord>();
        await foreach (var r in new UbuntuTrackerFeed().ReadAsync(dir, CancellationToken.None)) records.Add(r);
        return records;
    }
}
