using Drydock.Images;
using Drydock.Images.Sources;
using Drydock.Images.Targets;

namespace Drydock.Tests.Images.Sources;

public sealed class ImageSourcesTests
{
    [Fact]
    public void Create_RegistryWithoutFactory_UsageException()
    {
        var target = TargetParser.Parse("registry:nginx");
        var e = Assert.Throws<UsageException>(() => ImageSources.Create(target, new RemoteSourceFactories(null, null)));
        Assert.Contains("registry transport not available", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RemoteSlotsFilled_CallsTheFactoryForItsTransport()
    {
        // Given
        var registry = new NamedSource("registry");
        var engine = new NamedSource("engine");
        var factories = new RemoteSourceFactories(_ => registry, _ => engine);

        // When
        var fromBare = ImageSources.Create(TargetParser.Parse("nginx:1"), factories);
        var fromEngine = ImageSources.Create(TargetParser.Parse("docker:nginx:1"), factories);

        // Then
        Assert.Same(registry, fromBare);
        Assert.Same(engine, fromEngine);
    }

    private sealed class NamedSource(string name) : IImageSource
    {
        public Task<IImage> OpenAsync(ImageOpenOptions options, CancellationToken cancellationToken) =>
            throw new NotSupportedException(name);
    }
}
