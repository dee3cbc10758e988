using Drydock.Model;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Vulnerabilities.Database;

public sealed class DatabaseWriterTests
{
    private static AdvisoryRecord Record(string id, string package, string fixedVersion) => new(
        new VulnerabilityRecord
        {
            Id = id,
            Title = "t " + id,
            Aliases = ["GHSA-aaaa-bbbb-cccc"],
            References = ["https://example.org/" + id],
            Cvss = [new CvssRating("nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, Severity.Critical)],
        },
        [new AffectedPackage { Namespace = "debian:12", Package = package, VulnerabilityId = id, VersionScheme = "deb", Fixed = fixedVersion, Status = VulnerabilityStatus.Fixed, DataSource = "test" }]);

    [Fact]
    public void Commit_RecordsWritten_StoreReadsThemBack()
    {
        // Given
        using var db = TestDatabase.From(Record("CVE-2024-1", "openssl", "3.0.11-1~deb12u2"));

        // When
        using var store = db.Open();
        var rows = store.GetAffected("debian:12", "openssl");
        var details = store.GetVulnerability("CVE-2024-1");

        // Then
        var row = Assert.Single(rows);
        Assert.Equal(("CVE-2024-1", "3.0.11-1~deb12u2", VulnerabilityStatus.Fixed), (row.VulnerabilityId, row.Fixed, row.Status));
        Assert.NotNull(details);
        Assert.Equal("t CVE-2024-1", details.Title);
        Assert.Equal(["GHSA-aaaa-bbbb-cccc"], details.Aliases);
        Assert.Equal(9.8, Assert.Single(details.Cvss).Score);
        Assert.Equal("2", store.Meta()["schema_version"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), store.BuiltAt);
        Assert.Empty(store.GetAffected("debian:11", "openssl"));
    }

    [Fact]
    public void Dispose_WithoutCommit_OldDatabaseIntactAndTempRemoved()
    {
        // Given
        using var db = TestDatabase.From(Record("CVE-2024-1", "openssl", "1"));

        // When: an update that never commits (killed or failed)
        using (var writer = DatabaseWriter.Create(db.Path))
        {
            writer.Add(Record("CVE-2024-2", "curl", "2"));
        }

        // Then
        using var store = db.Open();
        Assert.Single(store.GetAffected("debian:12", "openssl"));
        Assert.Empty(store.GetAffected("debian:12", "curl"));
        Assert.Empty(Directory.GetFiles(db.Directory, "vuln.db.new-*"));
    }

    [Fact]
    public void Create_StaleTempFileOfDeadProcess_IsDeleted()
    {
        // Given: a temp file left by a killed update (pid that cannot exist)
        using var db = TestDatabase.Empty();
        var stale = db.Path + ".new-2147483646";
        File.WriteAllText(stale, "partial");

        // When
        using (DatabaseWriter.Create(db.Path)) { }

        // Then
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void Open_MissingFile_ThrowsOneLineDrydockException()
    {
        // Given
        using var db = TestDatabase.Empty();

        // When
        var e = Assert.Throws<DrydockException>(() => SqliteAdvisoryStore.Open(db.Path));

        // Then
        Assert.Equal($"no vulnerability database at {db.Path}; run 'drydock db update' or 'drydock db import'", e.Message);
        Assert.Equal(3, e.ExitCode);
    }

    [Fact]
    public void Open_WhileUpdateWritesBeside_ReaderKeepsOldDataUntilSwap()
    {
        // Given
        using var db = TestDatabase.From(Record("CVE-2024-1", "openssl", "1"));
        using var store = db.Open();

        // When
        using var writer = DatabaseWriter.Create(db.Path);
        writer.Add(Record("CVE-2024-2", "openssl", "2"));
        var during = store.GetAffected("debian:12", "openssl").Count;
        writer.Commit(DateTimeOffset.UnixEpoch);
        using var reopened = SqliteAdvisoryStore.Open(db.Path);

        // Then
        Assert.Equal(1, during);
        Assert.Equal("CVE-2024-2", Assert.Single(reopened.GetAffected("debian:12", "openssl")).VulnerabilityId);
    }
}
