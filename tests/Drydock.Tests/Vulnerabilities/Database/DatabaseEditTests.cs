using Drydock.Model;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;
using Microsoft.Data.Sqlite;

namespace Drydock.Tests.Vulnerabilities.Database;

/// <summary>One feed replaced inside a copy of the database (issue 13 §2): the others untouched, the result renamed over the old file.</summary>
public sealed class DatabaseEditTests
{
    private static readonly DateTimeOffset Built = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static AffectedPackage Row(string package, string id, string source, string fix = "2") =>
        new() { Namespace = "debian:12", Package = package, VulnerabilityId = id, VersionScheme = "deb", Fixed = fix, DataSource = source };

    private static readonly AdvisoryRecord[] Others =
    [
        new(new VulnerabilityRecord { Id = "CVE-5", Title = "shared", Aliases = ["DSA-5"] }, [Row("sope", "CVE-5", "osv:Debian")]),
        new(new VulnerabilityRecord { Id = "GHSA-1" }, [Row("sope", "GHSA-1", "osv:Debian")]),
        new(new VulnerabilityRecord { Id = "CVE-9", Cvss = [new CvssRating("nvd", "3.1", "CVSS:3.1/AV:N", 9.8, Severity.Critical)] }, []),
        new(null, [Row("pam", "CVE-3", "redhat-csaf")]) { ProductCpes = [new ProductCpe(ProductCpe.Repository, "rhel-9", "cpe:/o:redhat:enterprise_linux:9")] },
    ];

    private static AdvisoryRecord[] Tracker(string id) =>
    [
        new(new VulnerabilityRecord { Id = id, Description = "tracker " + id, References = ["https://tracker/" + id] }, [Row("sope", id, "debian-tracker"), Row("openssl", id, "debian-tracker")]),
        new(new VulnerabilityRecord { Id = "CVE-5", References = ["https://tracker/CVE-5"] }, [Row("sope", "CVE-5", "debian-tracker", "3")]),
    ];

    private static void Build(string path, IEnumerable<AdvisoryRecord> records, DateTimeOffset at)
    {
        using var writer = DatabaseWriter.Create(path);
        foreach (var r in records) writer.Add(r);
        foreach (var feed in new[] { "debian-tracker", "osv", "nvd", "redhat-csaf" }) writer.SetFeed(new FeedState(feed, null, at, null, null, 1));
        writer.Commit(at);
    }

    // The answers a scan can get: every affected row (without its seq), and the details of every id.
    private static List<string> Answers(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT 'a|' || namespace || '|' || package || '|' || vuln_id || '|' || fixed || '|' || data_source FROM affected
            UNION ALL SELECT 'v|' || id || '|' || COALESCE(title, '') || '|' || COALESCE(description, '') FROM vulnerability
            UNION ALL SELECT 'l|' || vuln_id || '|' || alias FROM alias
            UNION ALL SELECT 'c|' || vuln_id || '|' || source FROM cvss
            UNION ALL SELECT 'r|' || vuln_id || '|' || url FROM reference
            UNION ALL SELECT 'p|' || key || '|' || cpe FROM product_cpe
            UNION ALL SELECT 's|' || namespace || '|' || data_source FROM namespace_source
            """;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read()) rows.Add(r.GetString(0));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    [Fact]
    public void TryEdit_OneFeedReplaced_SameAnswersAsAFullBuild_OldFileUntilCommit()
    {
        // Given: a database with the tracker at CVE-1 and three other feeds; a full build with the tracker at CVE-2
        using var db = TestDatabase.Empty();
        Build(db.Path, Tracker("CVE-1").Concat(Others), Built);
        var full = Path.Combine(db.Directory, "full.db");
        Build(full, Tracker("CVE-2").Concat(Others), Built.AddDays(1));
        var before = File.ReadAllBytes(db.Path);

        // When: the tracker is replaced in place
        using (var writer = DatabaseWriter.TryEdit(db.Path, db.Path, moveBase: false))
        {
            Assert.NotNull(writer);
            writer.RemoveFeed("debian-tracker");
            foreach (var r in Tracker("CVE-2")) writer.Add(r);
            writer.SetFeed(new FeedState("debian-tracker", null, Built.AddDays(1), null, null, 2));
            Assert.Equal(before, File.ReadAllBytes(db.Path)); // readers still see the old file, whole
            writer.Commit(Built.AddDays(1));
        }

        // Then: the same answers as the full build; CVE-1's details went with it, CVE-5's stayed (OSV names it)
        Assert.Equal(Answers(full), Answers(db.Path));
        using var store = db.Open();
        Assert.Null(store.GetVulnerability("CVE-1"));
        Assert.Equal(["CVE-2", "CVE-5", "GHSA-1"], store.GetAffected("debian:12", "sope").Select(a => a.VulnerabilityId).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(Built.AddDays(1), store.BuiltAt);
        Assert.Empty(Directory.GetFiles(db.Directory, "vuln.db.new-*"));
    }

    [Fact]
    public void TryEdit_FeedRemoved_ItsSourceLeavesTheNamespaceSources()
    {
        // Given: debian:12 has rows of three sources
        using var db = TestDatabase.Empty();
        Build(db.Path, Tracker("CVE-1").Concat(Others), Built);
        using (var before = db.Open())
            Assert.Equal(["debian-tracker", "osv:Debian", "redhat-csaf"], before.SourcesOf("debian:12"));

        // When: the Red Hat feed is taken out in place
        using (var writer = DatabaseWriter.TryEdit(db.Path, db.Path, moveBase: false))
        {
            Assert.NotNull(writer);
            writer.RemoveFeed("redhat-csaf");
            writer.Commit(Built.AddDays(1));
        }

        // Then: the stored pairs follow the rows
        using var store = db.Open();
        Assert.Equal(["debian-tracker", "osv:Debian"], store.SourcesOf("debian:12"));
        Assert.Empty(store.SourcesOf("debian:11"));
    }

    [Fact]
    public void TryEdit_AbandonedMidway_OldDatabaseIntactNoTempLeft()
    {
        // Given
        using var db = TestDatabase.Empty();
        Build(db.Path, Tracker("CVE-1").Concat(Others), Built);
        var before = File.ReadAllBytes(db.Path);

        // When: the feed's rows are removed and new ones half added, then the writer goes away (a failure, a kill)
        using (var writer = DatabaseWriter.TryEdit(db.Path, db.Path, moveBase: false))
        {
            writer!.RemoveFeed("debian-tracker");
            writer.Add(Tracker("CVE-2")[0]);
        }

        // Then
        Assert.Equal(before, File.ReadAllBytes(db.Path));
        Assert.Empty(Directory.GetFiles(db.Directory, "vuln.db.new-*"));
    }

    [Fact]
    public void TryEdit_BaseWithAnObjectOfItsOwn_NullAndBaseLeftAsItWas()
    {
        // Given: a database file with a trigger the schema does not have (an untrusted layer could carry one)
        using var db = TestDatabase.Empty();
        Build(db.Path, Others, Built);
        using (var c = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TRIGGER t AFTER INSERT ON feed BEGIN DELETE FROM affected; END";
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(db.Path);
        var moved = Path.Combine(db.Directory, "layer.db");
        File.Copy(db.Path, moved);

        // When
        var copied = DatabaseWriter.TryEdit(Path.Combine(db.Directory, "target.db"), db.Path, moveBase: false);
        var movedEdit = DatabaseWriter.TryEdit(Path.Combine(db.Directory, "target.db"), moved, moveBase: true);

        // Then
        Assert.Null(copied);
        Assert.Null(movedEdit);
        Assert.Equal(before, File.ReadAllBytes(db.Path));
        Assert.Equal(before, File.ReadAllBytes(moved));
        Assert.False(File.Exists(Path.Combine(db.Directory, "target.db")));
        Assert.Empty(Directory.GetFiles(db.Directory, "target.db.new-*"));
    }
}
