using System.Text;
using Drydock.Tests.Images.Sources;
using Drydock.Vulnerabilities.Feeds;
using ICSharpCode.SharpZipLib.BZip2;
using static Drydock.Tests.Vulnerabilities.Feeds.DistroFeedExpectations;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>Oracle Linux ELSA OVAL against vunnel's oracle provider fixtures and trivy-db's oracle-oval source.</summary>
public sealed class OracleOvalFeedTests : IDisposable
{
    private const string Vunnel = "vunnel/tests/unit/providers/oracle/test-fixtures/";
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SharedDataFact]
    public async Task ReadAsync_VunnelOvalXmlBzip2_EverySnapshotRecordReproduced()
    {
        // Given: vunnel's OVAL document, compressed as Oracle publishes it
        Directory.CreateDirectory(_dir.Path("feed"));
        await using (var output = File.Create(_dir.Path("feed/com.oracle.elsa-all.xml.bz2")))
        await using (var input = File.OpenRead(SharedTestData.Path(Vunnel + "mock_data")))
            BZip2.Compress(input, output, isStreamOwner: false, level: 9);
        // vunnel keys a record by ELSA and lists its CVEs; a row here is per CVE (the ELSA its alias).
        var expected = Vunnel(Vunnel + "snapshots").SelectMany(v => v.Metadata.GetProperty("CVE").EnumerateArray().SelectMany(cve => v.FixedIn.Select(f =>
            Row("oracle:" + v.Namespace.Split(':')[1], f.GetProperty("Name").GetString()!, cve.GetProperty("Name").GetString()!, f.GetProperty("Version").GetString()))))
            .Order(StringComparer.Ordinal).ToList();

        // When
        var feed = new OracleOvalFeed();
        var (records, rows) = await ReadAsync(feed, _dir.Path("feed"));

        // Then
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows);
        Assert.Empty(feed.Warnings);
        var elsa = records.First(r => r.Vulnerability?.Id == "CVE-2007-0493").Vulnerability!;
        Assert.Equal(["ELSA-2007-0057"], elsa.Aliases);
        Assert.All(records.SelectMany(r => r.Affected).Where(a => a.Namespace == "oracle:5"), a => Assert.Equal(Drydock.Model.Severity.Medium, a.Severity));
    }

    [SharedDataFact]
    public async Task ReadAsync_TrivyDbVulnListFixtures_EveryPlainBuildFixReproduced()
    {
        foreach (var (name, dir, details, error) in TrivyCases("oracle-oval"))
        {
            if (error is not null)
            {
                if (Directory.Exists(dir)) await Assert.ThrowsAsync<FeedFormatException>(() => ReadAsync(new OracleOvalFeed(), dir));
                continue;
            }
            var (_, rows) = await ReadAsync(new OracleOvalFeed(), dir);
            // Differences: Ksplice and FIPS builds (…ksplice1.el8, …el8_fips) are not stored (see OracleOvalParser);
            // trivy-db keeps them as flavours. The architecture of a fix is not stored, so a plain build fixed at
            // different versions per arch (gnutls -4 on aarch64, -5 on x86_64) is two rows, as in trivy-db's Entries.
            var expected = details.SelectMany(d => d.Entries.Append(d.Fixed).Distinct().Where(IsPlainBuild)
                    .Select(f => Row("oracle:" + d.Platform.Split(' ')[^1], d.Package, IdDifferences.GetValueOrDefault((name, d.Id), d.Id), f)))
                .Distinct().Order(StringComparer.Ordinal).ToList();
            // Difference: trivy-db drops a definition for a release it does not know ("Oracle Linux 1" in the "unknown
            // platform" fixture); it is stored here as oracle:1, a namespace no image's os-release leads to.
            if (expected.Count == 0) Assert.True(rows.All(r => r.StartsWith("oracle:1 ", StringComparison.Ordinal)), $"{name}: [{string.Join(", ", rows)}]");
            // Difference: when several ELSAs fix one CVE in one package at different versions (ELSA-2021-9306 at
            // 2102.202.5, ELSA-2021-9362 at 2102.203.5), trivy-db keeps the highest; each is a row here, so a version
            // below both reports the lowest fix. Every version trivy-db keeps is therefore among the rows.
            Assert.True(expected.Except(rows).ToList() is [], $"{name}: want [{string.Join(", ", expected)}] got [{string.Join(", ", rows)}]");
        }
    }

    // Difference: trivy-db names a row by the ELSA's advisory <cve> list and falls back to the ELSA id when the list
    // is empty; Drydock (as vunnel) reads the definition's CVE references. The "ELSA-ID" fixture has an empty list but
    // a CVE reference, so its row is the CVE's here (the ELSA an alias of it).
    private static readonly Dictionary<(string Case, string Id), string> IdDifferences = new()
    {
        [("happy path ELSA-ID", "ELSA-2007-0057")] = "CVE-2007-0493",
    };

    private static bool IsPlainBuild(string evr) => !evr.Contains("ksplice", StringComparison.Ordinal) && !evr.EndsWith("_fips", StringComparison.Ordinal);

    [Fact]
    public async Task ReadAsync_DefinitionOverNodeBound_SkippedWithWarningNextKept()
    {
        // Given: a definition with more criteria than a record may hold, then a normal one
        var huge = new StringBuilder();
        for (var i = 0; i < 60_000; i++) huge.Append("<criterion comment=\"x is earlier than 1\"/>");
        Directory.CreateDirectory(_dir.Path("feed"));
        await File.WriteAllTextAsync(_dir.Path("feed/oval.xml"), $"""
            <oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"><definitions>
            <definition id="big"><metadata><title>ELSA-2024-0001: big</title><reference source="CVE" ref_id="CVE-2024-1"/></metadata>
            <criteria operator="AND"><criterion comment="Oracle Linux 9 is installed"/><criteria operator="OR">{huge}{huge}</criteria></criteria></definition>
            <definition id="small"><metadata><title>ELSA-2024-0002: small</title><reference source="elsa" ref_id="ELSA-2024-0002"/>
            <reference source="CVE" ref_id="CVE-2024-2"/><advisory><severity>IMPORTANT</severity></advisory></metadata>
            <criteria operator="AND"><criterion comment="Oracle Linux 9 is installed"/><criteria operator="OR">
            <criterion comment="openssl is earlier than 1:3.0.7-25.0.1.el9"/><criterion comment="openssl is signed with the Oracle Linux 9 key"/></criteria></criteria></definition>
            </definitions></oval_definitions>
            """);
        var feed = new OracleOvalFeed();

        // When
        var (_, rows) = await ReadAsync(feed, _dir.Path("feed"));

        // Then
        Assert.Equal(["oracle:9 openssl CVE-2024-2 fixed 1:3.0.7-25.0.1.el9"], rows);
        Assert.Contains("big: more than", Assert.Single(feed.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DoctypeDeclared_FeedFailsNoEntityExpanded()
    {
        // Given: an entity-expansion document
        Directory.CreateDirectory(_dir.Path("feed"));
        await File.WriteAllTextAsync(_dir.Path("feed/oval.xml"),
            "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><oval_definitions><definitions/></oval_definitions>");

        // When / Then
        var e = await Assert.ThrowsAsync<FeedFormatException>(() => ReadAsync(new OracleOvalFeed(), _dir.Path("feed")));
        Assert.Contains("not well-formed OVAL XML", e.Message, StringComparison.Ordinal);
    }
}
