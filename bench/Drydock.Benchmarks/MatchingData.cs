using System.Globalization;
using System.IO.Compression;
using System.Text;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Benchmarks;

/// <summary>
/// Generated benchmark data, cached in the temp folder: a database of 1,000,000 affected rows (100,000 Debian 12
/// source packages × 10 CVEs, fixes at deterministic pseudo-random versions, one NVD rating per CVE) and a 100,000
/// record OSV all.zip.
/// </summary>
internal static class MatchingData
{
    public const int Packages = 100_000;
    public const int RowsPerPackage = 10;
    public static readonly string Folder = Path.Combine(Path.GetTempPath(), "drydock-bench");
    public static string DatabasePath => Path.Combine(Folder, "vuln-1m.db");
    public static string OsvZip => Path.Combine(Folder, "osv", "PyPI", "all.zip");

    public static void EnsureDatabase()
    {
        if (File.Exists(DatabasePath)) return;
        Directory.CreateDirectory(Folder);
        using var writer = DatabaseWriter.Create(DatabasePath);
        for (var p = 0; p < Packages; p++)
        {
            var rows = new AffectedPackage[RowsPerPackage];
            for (var r = 0; r < RowsPerPackage; r++)
            {
                var id = "CVE-2024-" + (p * RowsPerPackage + r).ToString(CultureInfo.InvariantCulture);
                rows[r] = new AffectedPackage
                {
                    Namespace = "debian:12",
                    Package = "pkg" + p.ToString(CultureInfo.InvariantCulture),
                    VulnerabilityId = id,
                    VersionScheme = "deb",
                    Fixed = $"1.{(p * 7 + r * 13) % 40}-1",
                    Status = VulnerabilityStatus.Fixed,
                    DataSource = "bench",
                };
                writer.Add(new AdvisoryRecord(new VulnerabilityRecord
                {
                    Id = id,
                    Description = "generated",
                    Cvss = [new CvssRating("nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, Severity.High)],
                }, []));
            }
            writer.Add(new AdvisoryRecord(null, rows));
        }
        writer.Commit(DateTimeOffset.UnixEpoch);
    }

    /// <summary>1,000 installed Debian packages spread over the database, each at 1.38-1 (about one row in 40 has a later fix).</summary>
    public static ImageInventory Inventory() => new()
    {
        Os = new OsInfo { Family = "debian", Version = "12.4" },
        Packages = Enumerable.Range(0, 1000).Select(i => new Package
        {
            Type = PackageType.Deb,
            Name = "pkg" + (i * 97).ToString(CultureInfo.InvariantCulture),
            Version = "1.38-1",
            Purl = "pkg:deb/debian/pkg" + (i * 97).ToString(CultureInfo.InvariantCulture) + "@1.38-1",
            FoundIn = "var/lib/dpkg/status",
            LayerIndex = 0,
        }).ToList(),
    };

    public static void EnsureOsvZip(int records)
    {
        if (File.Exists(OsvZip)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(OsvZip)!);
        using var zip = ZipFile.Open(OsvZip + ".tmp", ZipArchiveMode.Create);
        for (var i = 0; i < records; i++)
        {
            var entry = zip.CreateEntry($"PYSEC-2024-{i}.json", CompressionLevel.Fastest);
            using var w = new StreamWriter(entry.Open(), Encoding.UTF8);
            w.Write($$"""
                {"id":"PYSEC-2024-{{i}}","modified":"2024-05-01T00:00:00Z","published":"2024-04-01T00:00:00Z","aliases":["CVE-2024-{{i}}","GHSA-{{i}}"],
                 "summary":"Generated advisory {{i}}","details":"A generated advisory used to time imports. It has a paragraph of text like the real ones do, so that the parser sees realistic sizes.",
                 "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                 "affected":[{"package":{"ecosystem":"PyPI","name":"package-{{i % 20000}}","purl":"pkg:pypi/package-{{i % 20000}}"},
                   "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"{{i % 9}}.{{i % 13}}.1"}]},{"type":"ECOSYSTEM","events":[{"introduced":"10.0"},{"fixed":"10.{{i % 7}}.2"}]}],
                   "versions":["0.1","0.2","1.0","1.1","2.0"]}],
                 "references":[{"type":"WEB","url":"https://example.org/PYSEC-2024-{{i}}"}]}
                """);
        }
        zip.Dispose();
        File.Move(OsvZip + ".tmp", OsvZip);
    }
}
