using Drydock.Freshness;
using Drydock.Images;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Freshness;

public sealed class ImageFreshnessTests
{
    private readonly FakeRegistryLookup _registry = new();

    [Fact]
    public async Task CheckAsync_TaggedImageWhoseTagMoved_ReportsStaleAgainstTheImageId()
    {
        // Given
        var (digest, latestId) = _registry.AddImage("amd64", ["sha256:aa"]);
        _registry.Tag("demo/app:1", digest);
        var image = new FakeImage { Reference = ImageReference.Parse("127.0.0.1:5000/demo/app:1@" + digest) };

        // When
        var result = await ImageFreshness.CheckAsync(image, _ => _registry, [], default);

        // Then
        Assert.Null(result.SkipReason);
        var report = Assert.IsType<FreshnessReport>(result.Report);
        Assert.Equal("127.0.0.1:5000/demo/app:1", report.Reference);
        Assert.Equal(image.Id.ToString(), report.InUseImageId);
        Assert.Equal(latestId, report.LatestImageId);
        Assert.True(report.Stale);
    }

    [Theory]
    [InlineData(null, "no registry reference")]
    [InlineData("127.0.0.1:5000/demo/app@sha256:0000000000000000000000000000000000000000000000000000000000000000", "pinned by digest")]
    public async Task CheckAsync_NothingToLookUp_SkipsWithoutAskingTheRegistry(string? reference, string reason)
    {
        // Given
        var image = new FakeImage { Reference = reference is null ? null : ImageReference.Parse(reference) };

        // When
        var result = await ImageFreshness.CheckAsync(image, _ => _registry, [], default);

        // Then
        Assert.Null(result.Report);
        Assert.Contains(reason, result.SkipReason, StringComparison.Ordinal);
        Assert.Equal(0, _registry.Resolves);
    }
}
