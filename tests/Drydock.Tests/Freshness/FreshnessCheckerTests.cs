using Drydock.Freshness;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Tests.Freshness;

public sealed class FreshnessCheckerTests
{
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");
    private readonly FakeRegistryLookup _registry = new();

    private FreshnessChecker Checker() => new(_ => _registry);

    [Fact]
    public async Task CheckAsync_TagMovedToNewBuild_StaleWithBothIds()
    {
        // Given
        var (_, oldId) = _registry.AddImage("amd64", ["sha256:aa"]);
        var (newDigest, newId) = _registry.AddImage("amd64", ["sha256:aa", "sha256:bb"], "2026-02-01T00:00:00Z");
        _registry.Tag("demo/app:1", newDigest);

        // When
        var report = await Checker().CheckAsync(new FreshnessRequest("127.0.0.1:5000/demo/app:1") { InUseImageId = oldId, Platform = Amd64 }, default);

        // Then
        Assert.True(report.Stale);
        Assert.Equal(oldId, report.InUseImageId);
        Assert.Equal(newId, report.LatestImageId);
        Assert.Equal(newDigest.ToString(), report.LatestDigest);
        Assert.Null(report.Error);
        Assert.Equal(1, _registry.Resolves);
    }

    [Fact]
    public async Task CheckAsync_TagStillNamesTheKnownManifest_SameReportWithoutFetchingIt()
    {
        // Given: the tag names the manifest the scan just read (and which it passes on), with a base by annotation
        var (digest, id) = _registry.AddImage("amd64", ["sha256:aa", "sha256:bb"], baseName: "127.0.0.1:5000/library/base:1");
        var (baseDigest, _) = _registry.AddImage("amd64", ["sha256:aa"]);
        _registry.Tag("demo/app:1", digest);
        _registry.Tag("library/base:1", baseDigest);
        var request = new FreshnessRequest("127.0.0.1:5000/demo/app:1") { InUseImageId = id, Platform = Amd64 };
        var fetched = await Checker().CheckAsync(request, default);
        var (manifests, blobs) = (_registry.ManifestGets, _registry.BlobGets);

        // When
        var known = await Checker().CheckAsync(request with { Known = _registry.Known(digest) }, default);

        // Then: the same report; only the base's manifest and config were fetched the second time
        Assert.Equal(fetched, known);
        Assert.False(known.Stale);
        Assert.Equal("127.0.0.1:5000/library/base:1", known.BaseImage);
        Assert.Equal(manifests + 1, _registry.ManifestGets);
        Assert.Equal(blobs + 1, _registry.BlobGets);
    }

    [Fact]
    public async Task CheckAsync_KnownManifestReadByTheTagItself_TheTagIsNotAskedAgain()
    {
        // Given: the scan read the image by this tag moments ago (its own GET answered what the tag names)
        var (digest, id) = _registry.AddImage("amd64", ["sha256:aa"]);
        _registry.Tag("demo/app:1", digest);
        var request = new FreshnessRequest("127.0.0.1:5000/demo/app:1") { InUseImageId = id, Platform = Amd64 };
        var asked = await Checker().CheckAsync(request, default);
        var resolves = _registry.Resolves;
        var limit = new RateLimitInfo(100, 42, 21600);

        // When
        var known = await Checker().CheckAsync(request with { Known = _registry.Known(digest) with { ReadByTag = true, RateLimit = limit } }, default);

        // Then: the same answer without a HEAD; the read's rate-limit headers are reported, none having come since
        Assert.Equal(resolves, _registry.Resolves);
        Assert.Equal(asked with { RateLimit = limit }, known);
        Assert.False(known.Stale);
        Assert.Equal(digest.ToString(), known.LatestDigest);
    }

    [Fact]
    public async Task CheckAsync_KnownManifestReadByDigest_TheTagIsStillAsked()
    {
        // Given: REPO:TAG@DIGEST was read by its digest, and the tag has moved on since
        var (oldDigest, oldId) = _registry.AddImage("amd64", ["sha256:aa"]);
        var (newDigest, _) = _registry.AddImage("amd64", ["sha256:aa", "sha256:bb"], "2026-02-01T00:00:00Z");
        _registry.Tag("demo/app:1", newDigest);

        // When
        var report = await Checker().CheckAsync(
            new FreshnessRequest("127.0.0.1:5000/demo/app:1") { InUseImageId = oldId, Platform = Amd64, Known = _registry.Known(oldDigest) with { ReadByTag = false } }, default);

        // Then
        Assert.Equal(1, _registry.Resolves);
        Assert.True(report.Stale);
        Assert.Equal(newDigest.ToString(), report.LatestDigest);
    }

    [Fact]
    public async Task CheckAsync_TagMovedAwayFromTheKnownManifest_FetchesTheNewOne()
    {
        // Given: the scan read the old build; the tag names a new one
        var (oldDigest, oldId) = _registry.AddImage("amd64", ["sha256:aa"]);
        var (newDigest, newId) = _registry.AddImage("amd64", ["sha256:aa", "sha256:bb"], "2026-02-01T00:00:00Z");
        _registry.Tag("demo/app:1", newDigest);

        // When
        var report = await Checker().CheckAsync(
            new FreshnessRequest("127.0.0.1:5000/demo/app:1") { InUseImageId = oldId, Platform = Amd64, Known = _registry.Known(oldDigest) }, default);

        // Then
        Assert.True(report.Stale);
        Assert.Equal(newId, report.LatestImageId);
        Assert.Equal(1, _registry.ManifestGets);
        Assert.Equal(1, _registry.BlobGets);
    }

    [Fact]
    public async Task CheckAsync_IndexWhereOnlyArm64Changed_Amd64NotStale()
    {
        // Given
        var (amd, amdId) = _registry.AddImage("amd64", ["sha256:aa"]);
        var (arm1, _) = _registry.AddImage("arm64", ["sha256:a1"]);
        var (arm2, _) = _registry.AddImage("arm64", ["sha256:a2"]);
        _registry.AddIndex(("amd64", amd), ("arm64", arm1));
        var now = _registry.AddIndex(("amd64", amd), ("arm64", arm2));
        _registry.Tag("demo/app:1", now);

        // When
        var report = await Checker().CheckAsync(new FreshnessRequest("127.0.0.1:5000/demo/app:1") { InUseImageId = amdId, Platform = Amd64 }, default);

        // Then
        Assert.False(report.Stale);
        Assert.Equal(now.ToString(), report.LatestDigest);
        Assert.Equal(amdId, report.LatestImageId);
    }

    [Fact]
    public async Task CheckAsync_NewerSemverTags_Reported()
    {
        // Given
        var (d, id) = _registry.AddImage("amd64", ["sha256:aa"]);
        _registry.Tag("demo/app:1.25.3", d);
        _registry.Tags.AddRange(["1.25.3", "1.25.4", "1.26.0", "latest"]);

        // When
        var report = await Checker().CheckAsync(new FreshnessRequest("127.0.0.1:5000/demo/app:1.25.3") { InUseImageId = id, Platform = Amd64 }, default);

        // Then
        Assert.False(report.Stale);
        Assert.Equal("1.25.4", report.NewerTags?.NewestPatch);
        Assert.Equal("1.26.0", report.NewerTags?.NewestMinor);
    }

    [Fact]
    public async Task CheckAsync_BaseMovedOn_RebuildNeeded()
    {
        // Given: the app was built on base layers [b1]; the base's tag now has [b2]
        var (baseNow, _) = _registry.AddImage("amd64", ["sha256:b2"]);
        _registry.Tag("demo/base:12", baseNow);
        var (app, appId) = _registry.AddImage("amd64", ["sha256:b1", "sha256:app"], baseName: "127.0.0.1:5000/demo/base:12");
        _registry.Tag("demo/app:1", app);

        // When
        var report = await Checker().CheckAsync(new FreshnessRequest("127.0.0.1:5000/demo/app:1") { InUseImageId = appId, Platform = Amd64 }, default);

        // Then
        Assert.Equal("127.0.0.1:5000/demo/base:12", report.BaseImage);
        Assert.True(report.RebuildNeeded);
        Assert.Equal(baseNow.ToString(), report.BaseLatestDigest);
    }

    [Fact]
    public async Task CheckAsync_BaseUnchanged_NoRebuildAndRateLimitReported()
    {
        // Given
        var (baseNow, _) = _registry.AddImage("amd64", ["sha256:b1"]);
        _registry.Tag("demo/base:12", baseNow);
        var (app, appId) = _registry.AddImage("amd64", ["sha256:b1", "sha256:app"], baseName: "127.0.0.1:5000/demo/base:12");
        _registry.Tag("demo/app:1", app);
        _registry.RateLimit = new RateLimitInfo(100, 76, 21600);

        // When
        var report = await Checker().CheckAsync(new FreshnessRequest("127.0.0.1:5000/demo/app:1") { InUseImageId = appId, Platform = Amd64 }, default);

        // Then
        Assert.False(report.RebuildNeeded);
        Assert.Equal(76, report.RateLimit?.Remaining);
    }

    [Fact]
    public async Task CheckAsync_TagUnknown_StaleUnknownWithError()
    {
        // Given: nothing tagged

        // When
        var report = await Checker().CheckAsync(new FreshnessRequest("127.0.0.1:5000/demo/app:9") { InUseImageId = "sha256:x" }, default);

        // Then
        Assert.Null(report.Stale);
        Assert.Contains("manifest unknown", report.Error, StringComparison.Ordinal);
    }
}
