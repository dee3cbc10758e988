using Drydock.Model;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;
using Microsoft.Data.Sqlite;

namespace Drydock.Tests.Vulnerabilities.Database;

public sealed class SqliteAdvisoryStoreTests
{
    private static AdvisoryRecord Record(string id) => new(
        new VulnerabilityRecord
        {
            Id = id,
            Title = "t " + id,
            Description = "d",
            Published = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero),
            Aliases = ["GHSA-b", "GHSA-a"],
            References = ["https://example.org/2", "https://example.org/1"],
            Cvss = [new CvssRating("nvd", "3.1", "CVSS:3.1/AV:N", 9.8, Severity.Critical), new CvssRating("nvd", "2.0", "AV:N", 7.5, Severity.High)],
        },
        [new AffectedPackage { Namespace = "debian:12", Package = "openssl", VulnerabilityId = id, VersionScheme = "deb", DataSource = "test" }]);

    [Fact]
    public void GetVulnerability_OneId_SameRecordAsTheBatchRead()
    {
        // Given
        using var db = TestDatabase.From(Record("CVE-2024-1"), Record("CVE-2024-2"));
        using var store = db.Open();

        // When
        var one = store.GetVulnerability("CVE-2024-1");
        var batch = store.GetVulnerabilities(["CVE-2024-1", "CVE-2024-2", "CVE-0000-0"]);

        // Then
        Assert.NotNull(one);
        Assert.Equivalent(batch["CVE-2024-1"], one, strict: true);
        Assert.Equal(["GHSA-a", "GHSA-b"], one.Aliases);
        Assert.Equal(["3.1", "2.0"], one.Cvss.Select(c => c.Version));
        Assert.Null(store.GetVulnerability("CVE-0000-0"));
        Assert.Equal(2, batch.Count);
    }

    [Fact]
    public void SourcesOf_DatabaseBuiltBeforeTheNamespaceSourceTable_SameAnswerFromTheRows()
    {
        // Given: one database as written now, and a copy without namespace_source (a version-2 file written before it)
        var rows = new AdvisoryRecord(null,
        [
            new AffectedPackage { Namespace = "debian:12", Package = "zlib", VulnerabilityId = "CVE-2024-2", VersionScheme = "deb", DataSource = "osv:Debian" },
            new AffectedPackage { Namespace = "alpine:3.19", Package = "zlib", VulnerabilityId = "CVE-2024-2", VersionScheme = "apk", DataSource = "alpine-secdb" },
        ]);
        using var db = TestDatabase.From(Record("CVE-2024-1"), rows);
        var older = Path.Combine(db.Directory, "older.db");
        File.Copy(db.Path, older);
        using (var connection = new SqliteConnection($"Data Source={older};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE namespace_source";
            drop.ExecuteNonQuery();
        }

        // When
        using var store = db.Open();
        using var olderStore = Drydock.Vulnerabilities.Database.SqliteAdvisoryStore.Open(older);

        // Then: both list each namespace's sources, sorted
        foreach (var s in new[] { store, olderStore })
        {
            Assert.Equal(["osv:Debian", "test"], s.SourcesOf("debian:12"));
            Assert.Equal(["alpine-secdb"], s.SourcesOf("alpine:3.19"));
            Assert.Empty(s.SourcesOf("ubuntu:22.04"));
        }
    }

    [Fact]
    public void Dispose_Store_ClosesItsFileAndLeavesOtherPoolsAlone()
    {
        // Given: someone else's pooled connection, closed (its file stays open in the pool), and a store in use
        using var db = TestDatabase.From(Record("CVE-2024-1"));
        var other = Path.Combine(db.Directory, "other.db");
        var pooled = new SqliteConnectionStringBuilder { DataSource = other, Pooling = true }.ToString();
        using (var connection = new SqliteConnection(pooled))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE t(x)";
            cmd.ExecuteNonQuery();
        }
        try
        {
            Assert.True(OpenHandles(other) > 0, "the pooled connection keeps no handle: " + string.Join(", ", Targets()));
            var store = db.Open();
            Assert.NotNull(store.GetVulnerability("CVE-2024-1"));

            // When
            store.Dispose();

            // Then
            Assert.Equal(0, OpenHandles(db.Path));
            Assert.True(OpenHandles(other) > 0, "disposing the store cleared another connection's pool");
        }
        finally
        {
            using var connection = new SqliteConnection(pooled);
            SqliteConnection.ClearPool(connection);
        }
    }

    // The process's open file descriptors on path (Linux /proc).
    private static int OpenHandles(string path) => Targets().Count(t => t == path);

    private static List<string?> Targets() => [.. new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Select(fd => fd.LinkTarget)];
}
