using System.IO.Compression;
using System.Text;
using Drydock.Model;
using Drydock.Tests.Images.Sources;
using Drydock.Vulnerabilities.Feeds;
using static Drydock.Tests.Vulnerabilities.Feeds.DistroFeedExpectations;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>
/// Amazon Linux ALAS: the repositories' updateinfo.xml, and vuln-list's JSON copies against trivy-db's amazon source.
/// vunnel's amazon fixtures are the ALAS RSS feed and HTML pages, which Drydock does not read (it reads the
/// repositories' own updateinfo.xml, which names every fixed package without scraping a page per advisory), so they
/// are not a conformance input here.
/// </summary>
public sealed class AmazonAlasFeedTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>An updateinfo.xml in createrepo_c's format, as Amazon Linux 2023's core repository publishes it.</summary>
    public const string UpdateInfo = """
        <?xml version="1.0" encoding="UTF-8"?>
        <updates>
          <update author="linux-security@amazon.com" from="linux-security@amazon.com" status="final" type="security" version="2.0">
            <id>ALAS2023-2023-126</id>
            <title>Amazon Linux 2023 - ALAS2023-2023-126: important priority package update for device-mapper-multipath</title>
            <issued date="2023-03-07 21:11:00"/>
            <updated date="2023-03-10 00:10:00"/>
            <severity>important</severity>
            <description>Package updates are available for Amazon Linux 2023 that fix the following vulnerabilities:
        CVE-2022-41974: multipath-tools 0.7.7 through 0.9.x before 0.9.2 allows local users to obtain root access.</description>
            <references>
              <reference href="https://access.redhat.com/security/cve/CVE-2022-41974" id="CVE-2022-41974" title="" type="cve"/>
              <reference href="https://access.redhat.com/security/cve/CVE-2022-41973" id="CVE-2022-41973" title="" type="cve"/>
            </references>
            <pkglist>
              <collection short="amazonlinux">
                <name>amazonlinux</name>
                <package arch="x86_64" epoch="0" name="kpartx" release="16.amzn2023.0.1" version="0.8.7">
                  <filename>Packages/kpartx-0.8.7-16.amzn2023.0.1.x86_64.rpm</filename>
                </package>
                <package arch="aarch64" epoch="0" name="kpartx" release="16.amzn2023.0.1" version="0.8.7">
                  <filename>Packages/kpartx-0.8.7-16.amzn2023.0.1.aarch64.rpm</filename>
                </package>
                <package arch="x86_64" epoch="1" name="libdmmp" release="16.amzn2023.0.1" version="0.8.7">
                  <filename>Packages/libdmmp-0.8.7-16.amzn2023.0.1.x86_64.rpm</filename>
                </package>
              </collection>
            </pkglist>
          </update>
          <update author="linux-security@amazon.com" status="final" type="bugfix" version="2.0">
            <id>ALAS2023-2023-127</id>
            <severity>low</severity>
            <pkglist><collection><package name="tzdata" epoch="0" version="2023c" release="1.amzn2023.0.1"/></collection></pkglist>
          </update>
        </updates>
        """;

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public async Task ReadAsync_UpdateInfoXml_RowPerCvePackageAliasSeverityBugfixSkipped(string compression)
    {
        // Given: the file stored as 2023/updateinfo.xml.gz, whatever its real compression
        Directory.CreateDirectory(_dir.Path("feed/2023"));
        await File.WriteAllBytesAsync(_dir.Path("feed/2023/updateinfo.xml.gz"), Compress(UpdateInfo, compression));

        // When
        var (records, rows) = await ReadAsync(new AmazonAlasFeed(), _dir.Path("feed"));

        // Then
        Assert.Equal(
        [
            "amazon:2023 kpartx CVE-2022-41973 fixed 0.8.7-16.amzn2023.0.1", "amazon:2023 kpartx CVE-2022-41974 fixed 0.8.7-16.amzn2023.0.1",
            "amazon:2023 libdmmp CVE-2022-41973 fixed 1:0.8.7-16.amzn2023.0.1", "amazon:2023 libdmmp CVE-2022-41974 fixed 1:0.8.7-16.amzn2023.0.1",
        ], rows);
        var cve = records.Select(r => r.Vulnerability).First(v => v?.Id == "CVE-2022-41974")!;
        Assert.Equal(["ALAS2023-2023-126"], cve.Aliases);
        Assert.Equal(new DateTimeOffset(2023, 3, 7, 21, 11, 0, TimeSpan.Zero), cve.Published);
        Assert.All(records.SelectMany(r => r.Affected), a => Assert.Equal((Severity.High, "amazon"), (a.Severity, a.SeveritySource)));
    }

    [SharedDataFact]
    public async Task ReadAsync_TrivyDbVulnListFixtures_EveryAdvisoryDetailReproduced()
    {
        foreach (var (name, dir, details, error) in TrivyCases("amazon"))
        {
            if (error is not null)
            {
                if (Directory.Exists(dir)) await Assert.ThrowsAsync<FeedFormatException>(() => ReadAsync(new AmazonAlasFeed(), dir));
                continue;
            }
            var (_, rows) = await ReadAsync(new AmazonAlasFeed(), dir);
            var expected = details.Select(d => Row("amazon:" + (d.Platform.Split(' ')[^1] is "1" ? "2018" : d.Platform.Split(' ')[^1]), d.Package, d.Id, d.Fixed))
                .Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(expected);
            Assert.True(expected.SequenceEqual(rows), $"{name}: want [{string.Join(", ", expected)}] got [{string.Join(", ", rows)}]");
        }
    }

    [Fact]
    public async Task ReadAsync_UpdateWithoutId_SkippedWithWarningNextKept()
    {
        // Given
        Directory.CreateDirectory(_dir.Path("feed/2"));
        await File.WriteAllTextAsync(_dir.Path("feed/2/updateinfo.xml"),
            "<updates><update type=\"security\"><title>no id</title></update>" + UpdateInfo[UpdateInfo.IndexOf("<update ", StringComparison.Ordinal)..]);
        var feed = new AmazonAlasFeed();

        // When
        var (_, rows) = await ReadAsync(feed, _dir.Path("feed"));

        // Then
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.StartsWith("amazon:2 ", r, StringComparison.Ordinal));
        Assert.Contains("an update without <id>", Assert.Single(feed.Warnings), StringComparison.Ordinal);
    }

    internal static byte[] Compress(string text, string compression)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (compression == "zstd") return new ZstdSharp.Compressor().Wrap(bytes).ToArray();
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }
}
