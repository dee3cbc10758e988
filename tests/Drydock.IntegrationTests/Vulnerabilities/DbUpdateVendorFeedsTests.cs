using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Drydock.Cli;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using ZstdSharp;

namespace Drydock.IntegrationTests.Vulnerabilities;

/// <summary>
/// <c>drydock db update</c> of the Red Hat CSAF VEX feed (archive named by <c>archive_latest.txt</c>, a tar.zst of
/// trivy-db's real VEX fixtures, and repository-to-cpe.json in Red Hat's own layout) and the Ubuntu CVE tracker (a
/// snapshot tarball of the repository) from a real HTTP server on 127.0.0.1, through mirror overrides.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DbUpdateVendorFeedsTests : IDisposable
{
    private const string VexFixtures = "trivy-db/pkg/vulnsrc/redhat-csaf/testdata/vuln-list-redhat/csaf-vex";
    private readonly FeedServer _server = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-dbupdate-vendor-").FullName;

    [SharedDataFact]
    public async Task Update_RedHatArchiveAndUbuntuTarball_RowsInTheirNamespaces()
    {
        // Given
        _server.Serve("redhat/archive_latest.txt", Encoding.ASCII.GetBytes("csaf_vex_2024-12-01.tar.zst\n"));
        _server.Serve("redhat/csaf_vex_2024-12-01.tar.zst", await VexArchiveAsync());
        _server.Serve("redhat/repository-to-cpe.json", Encoding.UTF8.GetBytes(
            """{"data": {"rhel-9-for-x86_64-baseos-rpms": {"cpes": ["cpe:/o:redhat:enterprise_linux:9::baseos"], "repo_relative_urls": ["content/dist/rhel9/9/x86_64/baseos/os"]}}}"""));
        _server.Serve("ubuntu/ubuntu-cve-tracker.tar.gz", await TrackerTarballAsync());
        var db = Path.Combine(_dir, "vuln.db");
        var stderr = new StringWriter();

        // When
        var code = await DrydockCli.RunAsync(
        [
            "db", "update", "--db", db, "--only", "redhat-csaf", "--only", "ubuntu-tracker",
            "--feed", "redhat-csaf=" + _server.BaseUrl + "redhat/", "--feed", "ubuntu-tracker=" + _server.BaseUrl + "ubuntu/ubuntu-cve-tracker.tar.gz",
        ], new StringWriter(), stderr);

        // Then
        Assert.True(code == 0, stderr.ToString());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var store = SqliteAdvisoryStore.Open(db);
        var pam = Assert.Single(store.GetAffected(RedHatCpe.Namespace("cpe:/o:redhat:enterprise_linux:9::baseos"), "pam"));
        Assert.Equal(("CVE-2024-10041", "1.5.1-21.el9_5"), (pam.VulnerabilityId, pam.Fixed));
        Assert.Equal(["cpe:/o:redhat:enterprise_linux:9::baseos"], store.GetProductCpes(ProductCpe.Repository, "rhel-9-for-x86_64-baseos-rpms"));
        var xen = Assert.Single(store.GetAffected("ubuntu:22.04", "xen"));
        Assert.Equal(("CVE-2024-1234", "4.16.0-1ubuntu1"), (xen.VulnerabilityId, xen.Fixed));
        Assert.Contains(("redhat/csaf_vex_2024-12-01.tar.zst", 200), _server.Log);
    }

    private static async Task<byte[]> VexArchiveAsync()
    {
        var output = new MemoryStream();
        await using (var zstd = new CompressionStream(output, leaveOpen: true))
        await using (var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var file in Directory.EnumerateFiles(SharedTestData.Path(VexFixtures)).Order(StringComparer.Ordinal))
                await tar.WriteEntryAsync(file, "2024/" + Path.GetFileName(file));
        return output.ToArray();
    }

    private static async Task<byte[]> TrackerTarballAsync()
    {
        const string entry = """
            Candidate: CVE-2024-1234
            PublicDate: 2024-02-01 10:00:00 UTC
            Description:
             A flaw in the hypervisor.
            Priority: high

            Patches_xen:
            upstream_xen: released (4.16.1)
            jammy_xen: released (4.16.0-1ubuntu1)
            noble_xen: DNE
            """;
        var output = new MemoryStream();
        await using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in new[] { ("ubuntu-cve-tracker-master/active/CVE-2024-1234", entry), ("ubuntu-cve-tracker-master/README", "not a CVE") })
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        }
        return output.ToArray();
    }

    public void Dispose()
    {
        _server.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}
