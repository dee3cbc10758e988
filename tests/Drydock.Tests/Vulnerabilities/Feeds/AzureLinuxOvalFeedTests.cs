using Drydock.Tests.Images.Sources;
using Drydock.Vulnerabilities.Feeds;
using static Drydock.Tests.Vulnerabilities.Feeds.DistroFeedExpectations;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>Azure Linux / CBL-Mariner OVAL against vunnel's mariner provider fixtures and trivy-db's azure source.</summary>
public sealed class AzureLinuxOvalFeedTests : IDisposable
{
    private const string Vunnel = "vunnel/tests/unit/providers/mariner/test-fixtures/";
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SharedDataFact]
    public async Task ReadAsync_VunnelOvalXml_EverySnapshotRecordReproduced()
    {
        // Given: Microsoft's OVAL XML for CBL-Mariner 2.0 and Azure Linux 3.0 (truncated by vunnel)
        Copy(_dir.Path("feed"), (Vunnel + "mariner-truncated-2.0-oval.xml", "mariner-truncated-2.0-oval.xml"),
            (Vunnel + "azure-linux-truncated-3.0-oval.xml", "azure-linux-truncated-3.0-oval.xml"));
        var expected = Vunnel(Vunnel + "snapshots").SelectMany(v => v.FixedIn.Select(f =>
        {
            var range = f.GetProperty("VulnerableRange").GetString()!;
            var last = range.StartsWith("<= ", StringComparison.Ordinal) ? range[3..] : null;
            return Row("cbl-mariner:" + v.Namespace.Split(':')[1].Split('.')[0], f.GetProperty("Name").GetString()!, v.Name, f.GetProperty("Version").GetString(), last);
        })).Order(StringComparer.Ordinal).ToList();

        // When
        var feed = new AzureLinuxOvalFeed();
        var (records, rows) = await ReadAsync(feed, _dir.Path("feed"));

        // Then: vunnel's mariner:2.0 records (it keeps no Azure Linux snapshot), "Not Applicable" glibc left out by both
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows.Where(r => r.StartsWith("cbl-mariner:2 ", StringComparison.Ordinal)).ToList());
        Assert.Contains(rows, r => r.StartsWith("azurelinux:3 ", StringComparison.Ordinal));
        Assert.Empty(feed.Warnings);
        // golang's "greater than 0:1.19.0.cm2" starts the range. Difference: OVAL's bound is exclusive, a stored
        // introduced version inclusive, so 1.19.0.cm2 itself (not a real build) would count as affected.
        var golang = Assert.Single(records.SelectMany(r => r.Affected), a => a.Package == "golang" && a.Namespace == "cbl-mariner:2");
        Assert.Equal("0:1.19.0.cm2", golang.Introduced);
        var severities = records.SelectMany(r => r.Affected).Where(a => a.Namespace == "cbl-mariner:2").ToDictionary(a => a.VulnerabilityId, a => a.Severity);
        foreach (var v in Vunnel(Vunnel + "snapshots")) Assert.Equal(v.Severity, severities[v.Name].ToString());
    }

    [SharedDataFact]
    public async Task ReadAsync_TrivyDbVulnListFixtures_EveryAdvisoryDetailReproduced()
    {
        foreach (var (name, dir, details, error) in TrivyCases("azure"))
        {
            var feed = new AzureLinuxOvalFeed();
            if (error is not null && (name.Contains("invalid", StringComparison.Ordinal)))
            {
                // A table that is not JSON fails the feed, as in trivy-db.
                await Assert.ThrowsAsync<FeedFormatException>(() => ReadAsync(feed, dir));
                continue;
            }
            var (_, found) = await ReadAsync(feed, dir);
            // Difference: for "less than or equal" trivy-db stores no bound (FixedVersion ""); vunnel and Drydock keep
            // the last affected version, so a later unfixed build is not reported.
            var rows = found.Select(r => r.Contains(" affected <=", StringComparison.Ordinal) ? r[..(r.IndexOf(" affected <=", StringComparison.Ordinal) + 9)] + " -" : r).ToList();
            var expected = details.Select(d => Row(Namespace(d.Platform), d.Package, d.Id, d.Fixed)).Order(StringComparer.Ordinal).ToList();
            if (error is null)
            {
                Assert.True(Covers(expected, rows) is null, $"{name}: {Covers(expected, rows)}");
                if (expected.Count == 0) Assert.True(rows.Count == 0, $"{name}: [{string.Join(", ", rows)}]");
                continue;
            }
            // Difference: a definition trivy-db cannot follow (a test without a state, a Criterion that is not an
            // array) fails trivy-db's whole update; here only that definition is skipped, with a warning.
            Assert.Empty(rows);
            Assert.NotEmpty(feed.Warnings);
        }
    }

    private static string Namespace(string platform) =>
        (platform.StartsWith("Azure Linux", StringComparison.Ordinal) ? "azurelinux:" : "cbl-mariner:") + platform.Split(' ')[^1].Split('.')[0];
}
