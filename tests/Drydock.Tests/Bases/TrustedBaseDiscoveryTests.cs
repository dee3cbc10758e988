using Drydock.Bases;
using Drydock.Policy;
using Drydock.Tests.Hosts;

namespace Drydock.Tests.Bases;

/// <summary>Base discovery's pure parts (issue 15 item 5): which repositories are listed, the diverging layer, the TTL cache.</summary>
public sealed class TrustedBaseDiscoveryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static DrydockPolicy Trusting(params string[] patterns) => new() { TrustedBases = [.. patterns.Select(p => new TrustedBase(p, []))] };

    [Fact]
    public void From_Patterns_ListsRepositoriesWithoutWildcardNamesAndMergesTheirTagGlobs()
    {
        // Given
        var policy = Trusting("registry.example/approved/debian:12*", "registry.example/approved/debian:11", "registry.example/approved/*",
            "debian", "registry.example/approved/alpine:3.20", "registry.example/approved/alpine");

        // When
        var repositories = TrustedRepository.From(policy);

        // Then: the wildcard repository is not listable; a pattern without tag makes every tag wanted
        Assert.Equal(["docker.io/library/debian", "registry.example/approved/alpine", "registry.example/approved/debian"], repositories.Select(r => r.Name));
        Assert.Empty(repositories[1].TagPatterns);
        Assert.Equal(["11", "12*"], repositories[2].TagPatterns);
        Assert.True(repositories[2].Wants("12.5-slim"));
        Assert.True(repositories[2].Wants("11"));
        Assert.False(repositories[2].Wants("10"));
        Assert.True(repositories[1].Wants("edge"));
    }

    [Fact]
    public void Find_SeveralTrustedChains_NamesTheFirstLayerPastTheLongestCommonPrefix()
    {
        // Given: the image shares two layers with approved:12 and one with approved:11; evil:1 (untrusted) shares three
        var policy = Trusting("registry.example/approved/debian");
        IReadOnlyList<string> image = ["sha256:a", "sha256:b", "sha256:x", "sha256:y"];
        BaseCatalogEntry[] candidates =
        [
            new("registry.example/approved/debian:11", "sha256:d11", ["sha256:a", "sha256:c"], Now),
            new("registry.example/approved/debian:12", "sha256:d12", ["sha256:a", "sha256:b", "sha256:c"], Now),
            new("registry.example/evil/debian:1", null, ["sha256:a", "sha256:b", "sha256:x"], Now),
        ];

        // When
        var d = TrustedChainDivergence.Find(image, ["blob0", "blob1", "blob2", "blob3"], candidates, policy);

        // Then
        Assert.NotNull(d);
        Assert.Equal((2, "registry.example/approved/debian:12@sha256:d12", 2, (int?)2, "sha256:x", "blob2"),
            (d.CommonLayers, d.Closest, d.Candidates, d.LayerIndex, d.LayerDiffId, d.LayerDigest));
    }

    [Fact]
    public void Find_NoTrustedCandidate_IsNull() =>
        Assert.Null(TrustedChainDivergence.Find(["sha256:a"], ["blob0"], [new BaseCatalogEntry("ghcr.io/evil/base:1", null, ["sha256:a"], Now)], Trusting("registry.example/approved/debian")));

    [Fact]
    public void ListingCache_WithinAndPastTheTtl_HitsThenMisses()
    {
        // Given: a listing written now
        var root = Directory.CreateTempSubdirectory("drydock-listing-").FullName;
        try
        {
            var clock = new ManualTimeProvider(Now);
            var cache = new RepositoryListingCache(root, clock);
            var repository = TrustedRepository.From(Trusting("registry.example/approved/debian:12*"))[0];
            var key = RepositoryListingCache.Key(repository, "linux/amd64", 100);
            var listing = new RepositoryBasesResult([new BaseCatalogEntry("registry.example/approved/debian:12", "sha256:d12", ["sha256:a"], Now)], ["latest-sig: not an image"], 3);
            cache.Write(key, listing);

            // When / Then: read back within the TTL, a miss once it has passed, and another platform is another key
            clock.Advance(RepositoryListingCache.Ttl - TimeSpan.FromMinutes(1));
            var hit = cache.TryRead(key);
            Assert.NotNull(hit);
            Assert.Equal(("registry.example/approved/debian:12", "sha256:d12", 3), (Assert.Single(hit.Entries).Reference, hit.Entries[0].Digest, hit.NotRead));
            Assert.Equal(listing.Skipped, hit.Skipped);
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Null(cache.TryRead(key));
            Assert.NotEqual(key, RepositoryListingCache.Key(repository, "linux/arm64", 100));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ListingCache_DamagedFile_IsAMiss()
    {
        var root = Directory.CreateTempSubdirectory("drydock-listing-").FullName;
        try
        {
            var cache = new RepositoryListingCache(root, new ManualTimeProvider(Now));
            Directory.CreateDirectory(cache.Directory);
            File.WriteAllText(Path.Combine(cache.Directory, "k.json"), "{\"fetchedAt\": 12");
            Assert.Null(cache.TryRead("k"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
