using Drydock.Inventory;
using Drydock.Model;
using Drydock.Server.Rematch;
using Drydock.Server.Scanning;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Server.Rematch;

public sealed class BatchMatcherTests
{
    private static readonly TimeProvider Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    internal static AffectedPackage Row(string ns, string package, string id, string? fixedVersion, Severity severity = Severity.High) => new()
    {
        Namespace = ns,
        Package = package,
        VulnerabilityId = id,
        VersionScheme = AdvisoryNamespaces.SchemeOf(ns) ?? throw new InvalidOperationException("no version scheme for " + ns),
        Fixed = fixedVersion,
        Status = fixedVersion is null ? VulnerabilityStatus.Affected : VulnerabilityStatus.Fixed,
        Severity = severity,
        SeveritySource = "debian",
        DataSource = "test",
    };

    internal static Package Deb(string name, string version, string? source = null) => new()
    {
        Type = PackageType.Deb,
        Name = name,
        Version = version,
        SourceName = source,
        Purl = $"pkg:deb/debian/{name}@{version}",
        FoundIn = "var/lib/dpkg/status",
        LayerIndex = 0,
    };

    internal static Package Npm(string name, string version) => new()
    {
        Type = PackageType.Npm,
        Name = name,
        Version = version,
        Purl = $"pkg:npm/{name}@{version}",
        FoundIn = $"srv/node_modules/{name}/package.json",
        LayerIndex = 1,
    };

    internal static ImageInventory Debian(params Package[] packages) =>
        new() { Os = new OsInfo { Family = "debian", Version = "12.4" }, Packages = packages };

    private static TestDatabase Database() => TestDatabase.From(
        new AdvisoryRecord(new VulnerabilityRecord { Id = "CVE-2024-1", Description = "glibc overflow" }, [Row("debian:12", "glibc", "CVE-2024-1", "2.36-9+deb12u4")]),
        new AdvisoryRecord(new VulnerabilityRecord { Id = "CVE-2024-2", Aliases = ["GHSA-x"] }, [Row("debian:12", "openssl", "CVE-2024-2", "3.0.13-1")]),
        new AdvisoryRecord(null, [Row("debian:12", "openssl", "CVE-2024-3", null, Severity.Low)]),
        new AdvisoryRecord(new VulnerabilityRecord { Id = "GHSA-lodash" }, [Row("npm", "lodash", "GHSA-lodash", "4.17.21")]));

    // Four images sharing glibc, openssl and lodash at different versions (some fixed, some not, one twice).
    private static readonly ImageInventory[] Batch =
    [
        Debian(Deb("libc6", "2.36-9", "glibc"), Deb("libc-bin", "2.36-9", "glibc"), Deb("openssl", "3.0.11-1")),
        Debian(Deb("libc6", "2.36-9+deb12u4", "glibc"), Deb("openssl", "3.0.13-1"), Npm("lodash", "4.17.20")),
        Debian(Deb("libc6", "2.36-9", "glibc"), Npm("lodash", "4.17.21"), Npm("lodash", "4.17.15")),
        Debian(Deb("openssl", "3.0.11-1"), Deb("libssl3", "3.0.11-1", "openssl")),
    ];

    [Fact]
    public void Match_BatchSharingPackages_SameFindingsAsEachAlone()
    {
        // Given
        using var db = Database();
        using var store = db.Open();

        // When: the batch through one matcher, and each inventory through a matcher of its own
        var batch = new BatchMatcher(store, Clock);
        var together = Batch.Select(batch.Match).ToList();
        var alone = Batch.Select(inventory => new BatchMatcher(store, Clock).Match(inventory)).ToList();

        // Then: identical per image, and the findings are the expected ones (not both empty)
        Assert.Equal(alone.Count, together.Count);
        for (var i = 0; i < alone.Count; i++) Assert.Equal(alone[i].Select(Render), together[i].Select(Render));
        Assert.Equal(["CVE-2024-1", "CVE-2024-1", "CVE-2024-2", "CVE-2024-3"], together[0].Select(f => f.VulnerabilityId));
        Assert.Equal(["GHSA-lodash", "CVE-2024-3"], together[1].Select(f => f.VulnerabilityId));
        Assert.Equal(["CVE-2024-1", "GHSA-lodash"], together[2].Select(f => f.VulnerabilityId));
        Assert.Equal(["CVE-2024-2", "CVE-2024-3", "CVE-2024-2", "CVE-2024-3"], together[3].Select(f => f.VulnerabilityId));
        Assert.Equal("glibc overflow", together[0][0].Description);
    }

    [Fact]
    public void Match_BatchSharingPackages_EachPackageReadFromStoreOnce()
    {
        // Given
        using var db = Database();
        using var sqlite = db.Open();
        var store = new CountingStore(sqlite);

        // When
        var matcher = new BatchMatcher(store, Clock);
        foreach (var inventory in Batch) matcher.Match(inventory);

        // Then: glibc, openssl and lodash read once each for four images, never again
        Assert.Equal(3, store.Affected.Count);
        Assert.All(store.Affected, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public void GetAffected_PastMaxEntries_ReadsThroughAndAnswersTheSame()
    {
        // Given: room for one cached answer
        using var db = Database();
        using var sqlite = db.Open();
        var store = new CountingStore(sqlite);
        var cache = new BatchAdvisoryCache(store, maxEntries: 1);

        // When
        var first = cache.GetAffected("debian:12", "glibc");
        var firstAgain = cache.GetAffected("debian:12", "glibc");
        var second = cache.GetAffected("debian:12", "openssl");
        var secondAgain = cache.GetAffected("debian:12", "openssl");

        // Then: the first is cached, the second goes to the store each time, and both answers are the store's
        Assert.Equal(1, store.Affected[("debian:12", "glibc")]);
        Assert.Equal(2, store.Affected[("debian:12", "openssl")]);
        Assert.Equal(first, firstAgain);
        Assert.Equal(sqlite.GetAffected("debian:12", "openssl"), second);
        Assert.Equal(second, secondAgain);
    }

    // StoredFinding's Links is a list (compared by reference in the record's equality): compare the values.
    private static string Render(StoredFinding f) => (f with { Links = [] }) + " links=" + string.Join(' ', f.Links);

    /// <summary>Counts the affected-row reads per (namespace, package) that reach the real store.</summary>
    private sealed class CountingStore(IAdvisoryStore inner) : IAdvisoryStore
    {
        public Dictionary<(string, string), int> Affected { get; } = [];

        public IReadOnlyList<AffectedPackage> GetAffected(string ns, string package)
        {
            Affected[(ns, package)] = Affected.GetValueOrDefault((ns, package)) + 1;
            return inner.GetAffected(ns, package);
        }

        public VulnerabilityRecord? GetVulnerability(string id) => inner.GetVulnerability(id);

        public IReadOnlyDictionary<string, VulnerabilityRecord> GetVulnerabilities(IReadOnlyCollection<string> ids) => inner.GetVulnerabilities(ids);

        public IReadOnlyList<string> SourcesOf(string ns) => inner.SourcesOf(ns);
    }
}
