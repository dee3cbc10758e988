using Drydock.Model;
using Drydock.Vulnerabilities.Store;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Microsoft.Data.Sqlite;

namespace Drydock.Tests.Vulnerabilities.Distribution;

/// <summary>Databases for the artifact tests (unit and integration): four feeds, one of them varied, and a row dump to compare them.</summary>
internal static class ArtifactDatabase
{
    public static readonly DateTimeOffset Built = new(2026, 12, 1, 10, 30, 15, 123, TimeSpan.Zero);

    private static AffectedPackage Row(string ns, string package, string id, string source) =>
        new() { Namespace = ns, Package = package, VulnerabilityId = id, VersionScheme = "deb", Fixed = "2", DataSource = source };

    // Four feeds (OSV, Debian tracker, NVD ratings, end-of-life dates); the Debian tracker's CVE is given as a parameter.
    public static void Build(string path, string debianCve, bool reversed = false)
    {
        using var writer = DatabaseWriter.Create(path);
        var records = new List<(string Feed, AdvisoryRecord Record)>
        {
            ("osv", new AdvisoryRecord(new VulnerabilityRecord { Id = "GHSA-1", Aliases = ["CVE-2024-1"], Title = "left-pad" }, [Row("npm", "left-pad", "GHSA-1", "osv:npm")])),
            ("debian-tracker", new AdvisoryRecord(new VulnerabilityRecord { Id = debianCve, Description = "tracker" }, [Row("debian:12", "sope", debianCve, "debian-tracker"), Row("debian:12", "openssl", debianCve, "debian-tracker")])),
            ("nvd", new AdvisoryRecord(new VulnerabilityRecord { Id = "CVE-2024-9", Cvss = [new CvssRating("nvd", "3.1", "CVSS:3.1/AV:N", 9.8, Severity.Critical)] }, [])),
            ("endoflife", new AdvisoryRecord(null, []) { Lifecycles = [new ReleaseLifecycle("debian:12", new DateOnly(2028, 6, 30), false, "endoflife")] }),
        };
        if (reversed) records.Reverse();
        foreach (var (_, record) in records) writer.Add(record);
        foreach (var (feed, _) in records) writer.SetFeed(new FeedState(feed, "https://example.test/" + feed, Built.AddHours(-1), null, null, 1));
        writer.Commit(Built);
    }

    /// <summary>The CVE that <see cref="BuildShared"/> names in three feeds.</summary>
    public const string SharedCve = "CVE-2024-3094";

    /// <summary>
    /// Three feeds that name one CVE, as the real ones do: NVD rates and describes it (<paramref name="nvdDescription"/>),
    /// the Debian tracker and OSV (through an alias) have rows for it and references of their own; a second, Debian-only CVE.
    /// </summary>
    public static void BuildShared(string path, string nvdDescription, string debianFixed = "5.6.1-1")
    {
        using var writer = DatabaseWriter.Create(path);
        writer.Add(new AdvisoryRecord(new VulnerabilityRecord
        {
            Id = SharedCve,
            Description = nvdDescription,
            Published = Built.AddDays(-300),
            Cvss = [new CvssRating("nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, Severity.Critical)],
            References = ["https://nvd.example/" + SharedCve],
        }, []));
        writer.Add(new AdvisoryRecord(new VulnerabilityRecord { Id = SharedCve, Title = "xz backdoor", References = ["https://tracker.example/" + SharedCve] },
            [Row("debian:12", "xz-utils", SharedCve, "debian-tracker") with { Fixed = debianFixed }, Row("debian:12", "liblzma5", "CVE-2024-47611", "debian-tracker")]));
        writer.Add(new AdvisoryRecord(new VulnerabilityRecord { Id = "CVE-2024-47611", Description = "debian only" }, []));
        writer.Add(new AdvisoryRecord(new VulnerabilityRecord { Id = SharedCve, Aliases = ["GHSA-rxwq-x6h5-x525"], References = ["https://osv.example/" + SharedCve] },
            [Row("PyPI", "xz", SharedCve, "osv:PyPI") with { VersionScheme = "pep440" }]));
        foreach (var feed in new[] { "nvd", "debian-tracker", "osv" })
            writer.SetFeed(new FeedState(feed, "https://example.test/" + feed, Built.AddHours(-1), null, null, 1));
        writer.Commit(Built);
    }

    /// <summary>Every row of every table, as text, sorted: two databases with the same rows give the same list.</summary>
    public static List<string> Rows(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        c.Open();
        var tables = new List<string>();
        using (var list = c.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var r = list.ExecuteReader();
            while (r.Read()) tables.Add(r.GetString(0));
        }
        var rows = new List<string>();
        foreach (var table in tables)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = table == "affected" ? "SELECT namespace, package, vuln_id, version_scheme, introduced, fixed, status, severity, data_source FROM affected" : $"SELECT * FROM \"{table}\"";
            using var r = cmd.ExecuteReader();
            while (r.Read()) rows.Add(table + "|" + string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
