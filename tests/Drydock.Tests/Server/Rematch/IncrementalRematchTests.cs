using Drydock.Inventory;
using Drydock.Server.Rematch;
using Drydock.Server.Scanning;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Server.Rematch;

/// <summary>
/// A re-match from the diff of two databases (<see cref="AdvisoryDiff"/> + <see cref="BatchMatcher.MatchChanged"/>)
/// gives exactly the findings of a full re-match against the new database.
/// </summary>
public sealed class IncrementalRematchTests
{
    private static readonly TimeProvider Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly string[] Namespaces = ["debian:12", "alpine:3.19", "npm", "pypi"];

    private static AdvisoryRecord Advisory(string id, string ns, string package, string? fixedVersion, string description = "", params string[] aliases) =>
        new(new VulnerabilityRecord { Id = id, Description = description, Aliases = aliases }, [BatchMatcherTests.Row(ns, package, id, fixedVersion)]);

    private static readonly AdvisoryRecord[] Old =
    [
        Advisory("CVE-2024-1", "debian:12", "glibc", "2.36-9+deb12u4", "glibc overflow"),
        Advisory("CVE-2024-2", "debian:12", "openssl", "3.0.13-1", "", "GHSA-x"),
        Advisory("CVE-2024-3", "debian:12", "openssl", null),
        Advisory("CVE-2024-4", "debian:12", "curl", "8.5.0-1", "old words"),
        Advisory("CVE-2024-5", "debian:12", "zlib", "1:1.3-1"),
        Advisory("GHSA-lodash", "npm", "lodash", "4.17.21"),
    ];

    // New: an advisory for curl, one for express; CVE-2024-4's description reworded; CVE-2024-3 withdrawn.
    private static readonly AdvisoryRecord[] New =
    [
        Old[0], Old[1], Advisory("CVE-2024-4", "debian:12", "curl", "8.5.0-1", "new words"), Old[4], Old[5],
        Advisory("CVE-2025-1", "debian:12", "curl", "8.6.0-1"),
        Advisory("GHSA-express", "npm", "express", "4.19.2"),
    ];

    private static readonly ImageInventory[] Images =
    [
        BatchMatcherTests.Debian(BatchMatcherTests.Deb("libc6", "2.36-9", "glibc"), BatchMatcherTests.Deb("libc-bin", "2.36-9", "glibc"), BatchMatcherTests.Deb("openssl", "3.0.11-1"), BatchMatcherTests.Deb("curl", "8.4.0-2")),
        BatchMatcherTests.Debian(BatchMatcherTests.Deb("libc6", "2.36-9+deb12u4", "glibc"), BatchMatcherTests.Deb("zlib1g", "1:1.2.13-1", "zlib"), BatchMatcherTests.Npm("lodash", "4.17.20"), BatchMatcherTests.Npm("express", "4.18.0")),
        BatchMatcherTests.Debian(BatchMatcherTests.Deb("libssl3", "3.0.11-1", "openssl"), BatchMatcherTests.Deb("curl", "8.5.0-1"), BatchMatcherTests.Npm("lodash", "4.17.15")),
        BatchMatcherTests.Debian(BatchMatcherTests.Deb("libc6", "2.36-9", "glibc"), BatchMatcherTests.Deb("zlib1g", "1:1.2.13-1", "zlib")),
    ];

    [Fact]
    public void MatchChanged_ScriptedUpdate_SameFindingsAsFullRematch()
    {
        // Given
        using var before = TestDatabase.From(Old);
        using var after = TestDatabase.From(New);

        // When
        var changed = AdvisoryDiff.Compute(before.Path, after.Path);
        var (full, incremental, rematched) = Both(before, after, changed!, Images);

        // Then: only curl, openssl and express changed; the findings equal a full re-match, which did change
        Assert.Equal([("debian:12", "curl"), ("debian:12", "openssl"), ("npm", "express")], changed!.Order());
        for (var i = 0; i < Images.Length; i++) Assert.Equal(full[i], incremental[i]);
        Assert.Contains(full[0], f => f.StartsWith("CVE-2025-1 curl", StringComparison.Ordinal));
        Assert.Contains(full[0], f => f.StartsWith("CVE-2024-4 curl", StringComparison.Ordinal) && f.Contains("new words", StringComparison.Ordinal));
        Assert.DoesNotContain(full[0], f => f.StartsWith("CVE-2024-3", StringComparison.Ordinal));
        Assert.Contains(full[1], f => f.StartsWith("GHSA-express", StringComparison.Ordinal));
        // Image 0 re-matched openssl and curl (not glibc's two), image 1 only express, image 3 (glibc, zlib) nothing.
        Assert.Equal([2, 1, 2, 0], rematched);
    }

    [Fact]
    public void MatchChanged_RandomUpdates_SameFindingsAsFullRematch()
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            // Given: a random database, and a new one with advisories added, withdrawn, re-fixed and reworded
            var random = new Random(seed);
            var old = Enumerable.Range(0, 300).Select(i => RandomAdvisory(random, $"CVE-1-{i}")).ToList();
            var updated = old.Select(a => random.Next(10) switch
            {
                0 => null,
                1 => a with { Affected = [a.Affected[0] with { Fixed = $"1.{random.Next(10)}.0" }] },
                2 => a with { Vulnerability = a.Vulnerability! with { Description = "reworded" } },
                _ => a,
            }).OfType<AdvisoryRecord>().Concat(Enumerable.Range(0, 100).Select(i => RandomAdvisory(random, $"CVE-2-{i}"))).ToList();
            using var before = TestDatabase.From([.. old]);
            using var after = TestDatabase.From([.. updated]);
            var images = Enumerable.Range(0, 40).Select(_ => RandomImage(random)).ToArray();

            // When
            var changed = AdvisoryDiff.Compute(before.Path, after.Path);
            var (full, incremental, rematched) = Both(before, after, changed!, images);

            // Then
            Assert.NotNull(changed);
            for (var i = 0; i < images.Length; i++) Assert.Equal(full[i], incremental[i]);
            Assert.True(rematched.Sum() < images.Sum(i => i.Packages.Count), $"seed {seed}: every package was matched again");
            Assert.True(full.Zip(incremental).Count(p => p.First.Count > 0) > 20, $"seed {seed}: too few findings to compare");
        }
    }

    [Fact]
    public void Compute_NewNamespace_NullForAFullRematch()
    {
        // Given: the new database brings a namespace the old one lacked (a family's namespaces change)
        using var before = TestDatabase.From(Old);
        using var after = TestDatabase.From([.. Old, Advisory("CVE-2025-9", "alpine:3.19", "musl", "1.2.5-r0")]);

        // When / Then
        Assert.Null(AdvisoryDiff.Compute(before.Path, after.Path));
        Assert.Empty(AdvisoryDiff.Compute(before.Path, before.Path)!);
    }

    [Fact]
    public void MatchChanged_PreviousFindingOfAnotherPackage_Null()
    {
        // Given: a stored finding for a package the inventory does not have
        using var db = TestDatabase.From(Old);
        using var store = db.Open();
        var matcher = new BatchMatcher(store, Clock);
        var stray = new StoredFinding("CVE-2024-9", "gone", "1.0", null, "HIGH", "affected", "pkg:deb/debian/gone@1.0", null, []);

        // When / Then
        Assert.Null(matcher.MatchChanged(Images[3], [stray], new HashSet<(string, string)> { ("debian:12", "curl") }));
    }

    private static (List<List<string>> Full, List<List<string>> Incremental, List<int> Rematched) Both(
        TestDatabase before, TestDatabase after, IReadOnlySet<(string, string)> changed, ImageInventory[] images)
    {
        using var oldStore = before.Open();
        using var newStore = after.Open();
        var previous = images.Select(new BatchMatcher(oldStore, Clock).Match).ToList();
        var fresh = new BatchMatcher(newStore, Clock);
        var full = images.Select(i => Sorted(fresh.Match(i))).ToList();
        var incremental = images.Select((image, i) => fresh.MatchChanged(image, previous[i], changed) ?? throw new InvalidOperationException("no incremental result")).ToList();
        return (full, incremental.ConvertAll(x => Sorted(x.Findings)), incremental.ConvertAll(x => x.Rematched));
    }

    private static AdvisoryRecord RandomAdvisory(Random random, string id)
    {
        var ns = Namespaces[random.Next(2) * 2];  // debian:12 or npm: the namespaces the random images use
        var package = ns == "npm" ? $"node{random.Next(200)}" : $"lib{random.Next(200)}";
        var fixedVersion = random.Next(5) == 0 ? null : $"1.{random.Next(10)}.0";
        return Advisory(id, ns, package, fixedVersion, "about " + package, random.Next(8) == 0 ? [$"GHSA-{random.Next(50)}"] : []);
    }

    private static ImageInventory RandomImage(Random random)
    {
        var debs = Enumerable.Range(0, 200).Where(_ => random.Next(8) == 0).Select(i => BatchMatcherTests.Deb($"lib{i}", $"1.{random.Next(10)}.{random.Next(3)}"));
        var npms = Enumerable.Range(0, 200).Where(_ => random.Next(10) == 0).Select(i => BatchMatcherTests.Npm($"node{i}", $"1.{random.Next(10)}.{random.Next(3)}"));
        return BatchMatcherTests.Debian([.. debs, .. npms]);
    }

    private static List<string> Sorted(IEnumerable<StoredFinding> findings) =>
        [.. findings.Select(f => $"{f.VulnerabilityId} {f.Package} {f.InstalledVersion} {f.FixedVersion} {f.Severity} {f.Status} {f.Purl} {f.Description} {string.Join(' ', f.Links)}").Order(StringComparer.Ordinal)];
}
