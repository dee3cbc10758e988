using System.IO.Compression;
using System.Text;
using Drydock.Cli;
using Drydock.Vulnerabilities.Database;
using ICSharpCode.SharpZipLib.BZip2;

namespace Drydock.IntegrationTests.Vulnerabilities;

/// <summary>
/// Issue 13 §3: <c>drydock db update</c> of the Amazon Linux, Oracle Linux, Photon OS and Azure Linux / CBL-Mariner feeds
/// from a real HTTP server on 127.0.0.1 in their public layouts (Amazon: mirror list → repomd.xml → updateinfo;
/// Oracle: the bzip2 OVAL; vunnel's real fixtures as the files), through mirror overrides; the second update is
/// conditional and leaves the database alone.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DbUpdateDistroFeedsTests : IDisposable
{
    private const string Vunnel = "vunnel/tests/unit/providers/";
    private readonly FeedServer _server = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-dbupdate-distro-").FullName;

    private const string UpdateInfo = """
        <?xml version="1.0" encoding="UTF-8"?>
        <updates>
          <update author="linux-security@amazon.com" status="final" type="security" version="2.0">
            <id>ALAS2023-2024-500</id>
            <title>Amazon Linux 2023 - ALAS2023-2024-500: medium priority package update for curl</title>
            <issued date="2024-02-01 10:00:00"/>
            <severity>medium</severity>
            <references><reference href="https://explore.alas.aws.amazon.com/CVE-2023-46218.html" id="CVE-2023-46218" type="cve"/></references>
            <pkglist><collection short="amazonlinux">
              <package arch="x86_64" epoch="0" name="curl-minimal" release="1.amzn2023.0.1" version="8.5.0"><filename>Packages/curl-minimal-8.5.0-1.amzn2023.0.1.x86_64.rpm</filename></package>
            </collection></pkglist>
          </update>
        </updates>
        """;

    private string Db => Path.Combine(_dir, "vuln.db");

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [SharedDataFact]
    public async Task Update_FourDistroFeedsTwice_RowsInTheirNamespacesSecondConditional()
    {
        // Given
        foreach (var release in new[] { "2", "2023" })
        {
            _server.Serve($"amazon/{release}/mirror.list", Encoding.ASCII.GetBytes($"{_server.BaseUrl}repo/al{release}/x86_64\n"));
            _server.Serve($"repo/al{release}/x86_64/repodata/repomd.xml", Encoding.UTF8.GetBytes($"""
                <?xml version="1.0" encoding="UTF-8"?>
                <repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>1</revision>
                  <data type="primary"><location href="repodata/p-primary.xml.gz"/></data>
                  <data type="updateinfo"><location href="repodata/u{release}-updateinfo.xml.gz"/></data>
                </repomd>
                """));
            _server.Serve($"repo/al{release}/x86_64/repodata/u{release}-updateinfo.xml.gz", Gzip(release == "2023" ? UpdateInfo : "<updates/>"));
        }
        _server.Serve("oracle/com.oracle.elsa-all.xml.bz2", Bzip2(File.ReadAllBytes(SharedTestData.Path(Vunnel + "oracle/test-fixtures/mock_data"))));
        _server.Serve("photon/cve_data_photon4.0.json", File.ReadAllBytes(SharedTestData.Path(Vunnel + "photon/test-fixtures/input/cve_data_photon4.0.json")));
        _server.Serve("azure/cbl-mariner-2.0-oval.xml", File.ReadAllBytes(SharedTestData.Path(Vunnel + "mariner/test-fixtures/mariner-truncated-2.0-oval.xml")));
        _server.Serve("azure/azurelinux-3.0-oval.xml", File.ReadAllBytes(SharedTestData.Path(Vunnel + "mariner/test-fixtures/azure-linux-truncated-3.0-oval.xml")));

        // When
        var first = await UpdateAsync();
        var written = File.GetLastWriteTimeUtc(Db);
        var second = await UpdateAsync();

        // Then
        Assert.True(first.Code == 0, first.Err);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var store = SqliteAdvisoryStore.Open(Db))
        {
            Assert.Equal(("CVE-2023-46218", "8.5.0-1.amzn2023.0.1"), Single(store, "amazon:2023", "curl-minimal"));
            Assert.Equal(("CVE-2007-0493", "30:9.3.3-8.el5"), store.GetAffected("oracle:5", "bind").Select(r => (r.VulnerabilityId, r.Fixed!)).Order().First());
            Assert.Equal(("CVE-2023-38545", "7.88.1-4.ph4"), store.GetAffected("photon:4.0", "curl").Select(r => (r.VulnerabilityId, r.Fixed!)).Order().First());
            Assert.Equal(("CVE-2023-21977", "0:8.0.33-1.cm2"), store.GetAffected("cbl-mariner:2", "mysql").Select(r => (r.VulnerabilityId, r.Fixed!)).Order().First());
            Assert.NotEmpty(store.NamespacesOf("azurelinux"));
        }
        Assert.True(second.Code == 0, second.Err);
        Assert.Contains("up to date", second.Err, StringComparison.Ordinal);
        Assert.Contains(("repo/al2023/x86_64/repodata/u2023-updateinfo.xml.gz", 304), _server.Log);
        Assert.Contains(("oracle/com.oracle.elsa-all.xml.bz2", 304), _server.Log);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Db));
    }

    private static (string, string) Single(SqliteAdvisoryStore store, string ns, string package)
    {
        var row = Assert.Single(store.GetAffected(ns, package));
        return (row.VulnerabilityId, row.Fixed!);
    }

    private async Task<(int Code, string Err)> UpdateAsync()
    {
        var stderr = new StringWriter();
        var code = await DrydockCli.RunAsync(
        [
            "db", "update", "--db", Db, "--only", "amazon-alas", "--only", "oracle-oval", "--only", "photon-cve", "--only", "azure-linux-oval",
            "--feed", "amazon-alas=" + _server.BaseUrl + "amazon/", "--feed", "oracle-oval=" + _server.BaseUrl + "oracle/com.oracle.elsa-all.xml.bz2",
            "--feed", "photon-cve=" + _server.BaseUrl + "photon/", "--feed", "azure-linux-oval=" + _server.BaseUrl + "azure/",
        ], new StringWriter(), stderr);
        return (code, stderr.ToString());
    }

    private static byte[] Gzip(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    private static byte[] Bzip2(byte[] data)
    {
        var output = new MemoryStream();
        BZip2.Compress(new MemoryStream(data), output, isStreamOwner: false, level: 9);
        return output.ToArray();
    }
}
