using Drydock.Model;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;
using Microsoft.Data.Sqlite;

namespace Drydock.Tests.Vulnerabilities.Database;

public sealed class FeedRowCopierTests
{
    private static AffectedPackage Row(string ns, string package, string id, string source) =>
        new() { Namespace = ns, Package = package, VulnerabilityId = id, VersionScheme = "deb", Fixed = "2", DataSource = source };

    private static long Count(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void CopyFeed_EachFeed_TakesItsOwnRowsOnly()
    {
        // Given: an old database with rows of OSV, the Debian tracker, Red Hat (product CPEs), NVD (ratings only) and end-of-life dates
        using var old = TestDatabase.Empty();
        using (var writer = DatabaseWriter.Create(old.Path))
        {
            writer.Add(new AdvisoryRecord(new VulnerabilityRecord { Id = "GHSA-1", Aliases = ["CVE-1"] }, [Row("npm", "left-pad", "GHSA-1", "osv:npm")]));
            writer.Add(new AdvisoryRecord(new VulnerabilityRecord { Id = "CVE-2", Description = "tracker" }, [Row("debian:12", "sope", "CVE-2", "debian-tracker")]));
            writer.Add(new AdvisoryRecord(null, [Row("redhat:9", "pam", "CVE-3", "redhat-csaf")]) { ProductCpes = [new ProductCpe(ProductCpe.Repository, "rhel-9", "cpe:/o:redhat:enterprise_linux:9")] });
            writer.Add(new AdvisoryRecord(new VulnerabilityRecord { Id = "CVE-9", Cvss = [new CvssRating("nvd", "3.1", "CVSS:3.1/AV:N", 9.8, Severity.Critical)] }, []));
            writer.Add(new AdvisoryRecord(null, []) { Lifecycles = [new ReleaseLifecycle("debian:12", new DateOnly(2028, 6, 30), false, "endoflife")] });
            foreach (var name in new[] { "osv", "debian-tracker", "redhat-csaf", "nvd", "endoflife" }) writer.SetFeed(new FeedState(name, null, null, null, null, 1));
            writer.SetMeta(FeedHealth.ErrorKey("nvd"), "HTTP 500");
            writer.Commit(DateTimeOffset.UnixEpoch);
        }
        using var fresh = TestDatabase.Empty();

        // When: only OSV, NVD and endoflife are carried over
        using (var writer = DatabaseWriter.Create(fresh.Path))
        {
            foreach (var name in new[] { "osv", "nvd", "endoflife" }) writer.CopyFeed(old.Path, name);
            writer.Commit(DateTimeOffset.UnixEpoch);
        }

        // Then
        using var store = fresh.Open();
        Assert.Equal("GHSA-1", Assert.Single(store.GetAffected("npm", "left-pad")).VulnerabilityId);
        Assert.Empty(store.GetAffected("debian:12", "sope"));
        Assert.Empty(store.GetAffected("redhat:9", "pam"));
        Assert.Equal(["CVE-1"], store.GetVulnerability("GHSA-1")!.Aliases);
        Assert.Equal(9.8, Assert.Single(store.GetVulnerability("CVE-9")!.Cvss).Score);
        Assert.Null(store.GetVulnerability("CVE-2"));
        Assert.Empty(store.GetProductCpes(ProductCpe.Repository, "rhel-9"));
        Assert.Equal(new DateOnly(2028, 6, 30), store.FindLifecycle("debian:12")!.EndOfLife);
        Assert.Equal(["endoflife", "nvd", "osv"], store.Feeds().Select(f => f.Name));
        Assert.Equal("HTTP 500", FeedHealth.From(store.Meta(), "nvd").Error);
        Assert.Equal(0, Count(fresh.Path, "SELECT COUNT(*) FROM affected WHERE data_source <> 'osv:npm'"));
    }

    [Fact]
    public void CopyFeed_RedHat_TakesRowsAndProductCpes()
    {
        // Given
        using var old = TestDatabase.Empty();
        using (var writer = DatabaseWriter.Create(old.Path))
        {
            writer.Add(new AdvisoryRecord(null, [Row("redhat:9", "pam", "CVE-3", "redhat-csaf")]) { ProductCpes = [new ProductCpe(ProductCpe.Repository, "rhel-9", "cpe:/o:redhat:enterprise_linux:9")] });
            writer.SetFeed(new FeedState("redhat-csaf", null, null, null, null, 1));
            writer.Commit(DateTimeOffset.UnixEpoch);
        }
        using var fresh = TestDatabase.Empty();

        // When
        using (var writer = DatabaseWriter.Create(fresh.Path))
        {
            writer.CopyFeed(old.Path, "redhat-csaf");
            writer.Commit(DateTimeOffset.UnixEpoch);
        }

        // Then
        using var store = fresh.Open();
        Assert.Single(store.GetAffected("redhat:9", "pam"));
        Assert.Equal(["cpe:/o:redhat:enterprise_linux:9"], store.GetProductCpes(ProductCpe.Repository, "rhel-9"));
    }
}
