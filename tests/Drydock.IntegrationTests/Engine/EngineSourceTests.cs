using Drydock.Images;
using Drydock.Images.Sources.Engine;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Registry;

namespace Drydock.IntegrationTests.Engine;

/// <summary>The test image loaded into a real dockerd and read back through the Engine API equals the OCI layout.</summary>
[Collection(DockerdCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EngineSourceTests(DockerdFixture fixture)
{
    [IntegrationFact("dockerd", "docker", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_ImageLoadedIntoDockerd_SameImageAsOciLayout()
    {
        // Given
        await using var expected = await RegistrySourceTests.OpenLayoutAsync();
        var temp = TestRoot.NewRunDirectory("engine-tmp");
        var source = new EngineImageSource(DockerdFixture.ImageName, "docker:" + DockerdFixture.ImageName, fixture.Server!.Connect);

        // When
        await using (var image = await source.OpenAsync(new ImageOpenOptions { TempDirectory = temp }, CancellationToken.None))
        {
            await ImageAssert.ReadAllLayersAsync(image);

            // Then
            ImageAssert.Same(expected, image);
            Assert.Equal("docker:" + DockerdFixture.ImageName, image.Source);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp)); // the exported tar is gone
        Directory.Delete(temp);
    }

    [IntegrationFact("dockerd", "docker", "mmdebstrap", "umoci", "skopeo")]
    public async Task InspectImageAsync_LoadedImage_IdAndTagsAndNegotiatedVersion()
    {
        // Given
        await using var expected = await RegistrySourceTests.OpenLayoutAsync();
        using var engine = fixture.Server!.Connect();

        // When
        var inspect = await engine.InspectImageAsync(DockerdFixture.ImageName, CancellationToken.None);
        var missing = await engine.InspectImageAsync("drydock-it/no-such-image:1", CancellationToken.None);
        var version = await engine.GetApiVersionAsync(CancellationToken.None);

        // Then
        Assert.Equal(expected.Id.ToString(), inspect?.Id);
        Assert.Contains("drydock-it/app:1", inspect?.RepoTags ?? []);
        Assert.Null(missing);
        Assert.True(version >= EngineConnection.MinimumApiVersion);
    }

    [IntegrationFact("dockerd", "docker", "mmdebstrap", "umoci", "skopeo")]
    public async Task Open_UnknownImage_NoSuchImageLine()
    {
        // Given
        var source = new EngineImageSource("drydock-it/nope:1", "docker:drydock-it/nope:1", fixture.Server!.Connect);

        // When
        var error = await Assert.ThrowsAnyAsync<DrydockException>(() => source.OpenAsync(new ImageOpenOptions(), CancellationToken.None));

        // Then
        Assert.Equal($"docker engine {fixture.Server.Host}: no such image 'drydock-it/nope:1'", error.Message);
    }

    [IntegrationFact]
    public async Task Open_NoEngineAtSocket_UnreachableLine()
    {
        // Given
        var dir = TestRoot.NewRunDirectory("no-engine");
        var socket = Path.Combine(dir, "docker.sock");
        var source = new EngineImageSource("debian:12", "docker:debian:12", () => new EngineConnection(EngineEndpoint.Parse("unix://" + socket)));

        // When
        var error = await Assert.ThrowsAnyAsync<DrydockException>(() => source.OpenAsync(new ImageOpenOptions(), CancellationToken.None));

        // Then
        Assert.StartsWith($"docker engine unix://{socket}: unreachable (", error.Message);
        Assert.Equal(ExitCodes.RuntimeError, error.ExitCode);
        Directory.Delete(dir);
    }
}
