using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Vulnerabilities.Feeds;

public sealed class DebianTrackerFeedTests
{
    private const string Fixtures = "vunnel/tests/unit/providers/debian/test-fixtures";

    /// <summary>vunnel's debian provider snapshots: every FixedIn (name, release, version) of the tracker JSON.</summary>
    [SharedDataFact]
    public async Task ReadAsync_VunnelFixture_FixedInAsVunnelSnapshots()
    {
        // Given
        var rows = new List<AffectedPackage>();
        await foreach (var r in new DebianTrackerFeed().ReadAsync(SharedTestData.Path(Fixtures + "/input"), CancellationToken.None)) rows.AddRange(r.Affected);
        var compared = 0;

        foreach (var snapshot in Directory.EnumerateFiles(SharedTestData.Path(Fixtures + "/snapshots"), "*.json", SearchOption.AllDirectories))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(snapshot));
            var vuln = doc.RootElement.GetProperty("item").GetProperty("Vulnerability");
            var ns = vuln.GetProperty("NamespaceName").GetString()!;
            if (ns == "debian:7") continue; // from vunnel's legacy data, not the tracker JSON
            var id = vuln.GetProperty("Name").GetString()!;
            foreach (var fixedIn in vuln.GetProperty("FixedIn").EnumerateArray())
            {
                var name = fixedIn.GetProperty("Name").GetString()!;
                var version = fixedIn.GetProperty("Version").GetString()!;

                if (!rows.Any(r => r.Package == name && r.VulnerabilityId == id)) continue; // from vunnel's DSA list, not the tracker JSON

                // When
                var row = Assert.Single(rows, r => r.Namespace == ns && r.Package == name && r.VulnerabilityId == id);

                // Then
                switch (version)
                {
                    case "None":
                        Assert.Null(row.Fixed);
                        Assert.NotEqual(VulnerabilityStatus.Fixed, row.Status);
                        break;
                    case "0":
                        Assert.Equal(VulnerabilityStatus.NotAffected, row.Status);
                        break;
                    default:
                        Assert.Equal((version, VulnerabilityStatus.Fixed), (row.Fixed, row.Status));
                        break;
                }
                compared++;
            }
        }
        Assert.True(compared >= 20, $"only {compared} FixedIn compared");
    }

    [Theory]
    [InlineData("""{"status":"resolved","fixed_version":"1.2-1","urgency":"medium"}""", VulnerabilityStatus.Fixed, null, Severity.Medium)]
    [InlineData("""{"status":"resolved","fixed_version":"0","urgency":"unimportant"}""", VulnerabilityStatus.NotAffected, null, Severity.Low)]
    [InlineData("""{"status":"open","urgency":"low","nodsa":"Minor issue","nodsa_reason":"postponed"}""", VulnerabilityStatus.FixDeferred, "postponed", Severity.Low)]
    [InlineData("""{"status":"open","urgency":"low","nodsa":"","nodsa_reason":"ignored"}""", VulnerabilityStatus.WillNotFix, "ignored", Severity.Low)]
    [InlineData("""{"status":"open","urgency":"low","nodsa":"Minor issue"}""", VulnerabilityStatus.Affected, "no-dsa", Severity.Low)]
    [InlineData("""{"status":"open","urgency":"unimportant"}""", VulnerabilityStatus.WillNotFix, "unimportant", Severity.Low)]
    [InlineData("""{"status":"open","urgency":"end-of-life"}""", VulnerabilityStatus.EndOfLife, "end-of-life", Severity.Unknown)]
    [InlineData("""{"status":"undetermined","urgency":"not yet assigned"}""", VulnerabilityStatus.Affected, "undetermined", Severity.Unknown)]
    [InlineData("""{"status":"open","urgency":"high**"}""", VulnerabilityStatus.Affected, null, Severity.High)]
    public void Parse_ReleaseStates_StatusDetailAndSeverity(string release, VulnerabilityStatus status, string? detail, Severity severity)
    {
        // Given
        var json = "{\"openssl\":{\"CVE-2024-1\":{\"description\":\"d\",\"releases\":{\"bookworm\":" + release + "}}}}";
        using var doc = JsonDocument.Parse(json);

        // When
        var row = Assert.Single(Assert.Single(DebianTrackerParser.Parse(doc.RootElement).ToList()).Affected);

        // Then
        Assert.Equal(("debian:12", "openssl", "deb"), (row.Namespace, row.Package, row.VersionScheme));
        Assert.Equal((status, detail, severity), (row.Status, row.StatusDetail, row.Severity));
    }
}
