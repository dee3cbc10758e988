using Drydock.Model;
using Drydock.Tests.Images.Sources;
using Drydock.Vulnerabilities.Feeds;
using static Drydock.Tests.Vulnerabilities.Feeds.DistroFeedExpectations;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>Photon OS CVE metadata against vunnel's photon provider fixtures and trivy-db's photon source.</summary>
public sealed class PhotonCveFeedTests : IDisposable
{
    private const string Vunnel = "vunnel/tests/unit/providers/photon/test-fixtures/";
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SharedDataFact]
    public async Task ReadAsync_VunnelFixtures_EverySnapshotRecordReproduced()
    {
        // Given: Photon's own cve_data files for 1.0 and 4.0
        Copy(_dir.Path("feed"), (Vunnel + "input/cve_data_photon1.0.json", "cve_data_photon1.0.json"), (Vunnel + "input/cve_data_photon4.0.json", "cve_data_photon4.0.json"));
        var expected = Vunnel(Vunnel + "snapshots").SelectMany(v => v.FixedIn.Select(f => Row(v.Namespace, f.GetProperty("Name").GetString()!, v.Name, f.GetProperty("Version").GetString())))
            .Order(StringComparer.Ordinal).ToList();

        // When
        var (records, rows) = await ReadAsync(new PhotonCveFeed(), _dir.Path("feed"));

        // Then: vunnel's records, plus two kinds of statement vunnel leaves out (differences, by design):
        // "Not Affected" entries are kept as not-affected rows, and non-CVE ids (Black Duck's BDSA-…) are kept.
        Assert.NotEmpty(expected);
        var differences = rows.Where(r => r.Contains(" NotAffected ", StringComparison.Ordinal) || r.Contains(" BDSA-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["photon:4.0 httpd CVE-2023-44487 NotAffected -", "photon:4.0 krb5-devel BDSA-2025-0719 fixed 1.17-15.ph4"], differences);
        Assert.Equal(expected, rows.Except(differences).ToList());
        // Severity is the band of cve_score, as vunnel's: 3.7 is Low, 9.8 Critical, no score Unknown.
        var severities = records.SelectMany(r => r.Affected).Where(r => r.Namespace == "photon:4.0").ToLookup(r => r.VulnerabilityId, r => r.Severity);
        foreach (var v in Vunnel(Vunnel + "snapshots").Where(v => v.Namespace == "photon:4.0"))
            Assert.All(severities[v.Name], s => Assert.Equal(Enum.Parse<Severity>(v.Severity), s));
    }

    [SharedDataFact]
    public async Task ReadAsync_TrivyDbFixtures_EveryAdvisoryDetailReproduced()
    {
        foreach (var (_, dir, details, error) in TrivyCases("photon"))
        {
            if (!Directory.Exists(dir))
            {
                Assert.Equal("no such file or directory", error); // an absent folder is an empty feed here (a bundle without it)
                continue;
            }
            if (error is not null)
            {
                // The malformed file fails the feed, as trivy-db's "json decode error" does.
                await Assert.ThrowsAsync<FeedFormatException>(() => ReadAsync(new PhotonCveFeed(), dir + "/vuln-list/photon"));
                continue;
            }
            var (_, rows) = await ReadAsync(new PhotonCveFeed(), dir + "/vuln-list/photon");
            var expected = details.Select(d => Row("photon:" + d.Platform.Split(' ')[^1], d.Package, d.Id, d.Fixed)).Order(StringComparer.Ordinal).ToList();
            // Difference: an entry whose res_ver is "NA" is affected with no fix (as vunnel reads it); trivy-db drops it.
            Assert.Equal([.. expected, "photon:3.0 curl CVE-2025-0725 affected -"], rows);
            Assert.NotEmpty(expected);
        }
    }

    [Fact]
    public async Task ReadAsync_EntryWithoutPackage_SkippedWithWarningOthersKept()
    {
        // Given
        Directory.CreateDirectory(_dir.Path("feed"));
        await File.WriteAllTextAsync(_dir.Path("feed/cve_data_photon5.0.json"),
            """[{"cve_id": "CVE-2024-1", "cve_score": 5.0, "res_ver": "1.0-1.ph5"}, {"cve_id": "CVE-2024-2", "pkg": "zlib", "cve_score": 9.1, "res_ver": "1.3-1.ph5", "status": "Fixed"}]""");
        var feed = new PhotonCveFeed();

        // When
        var (_, rows) = await ReadAsync(feed, _dir.Path("feed"));

        // Then
        Assert.Equal(["photon:5.0 zlib CVE-2024-2 fixed 1.3-1.ph5"], rows);
        Assert.Contains("without cve_id or pkg", Assert.Single(feed.Warnings), StringComparison.Ordinal);
    }
}
