using Drydock.Images;
using Drydock.Images.Sources;
using Drydock.Images.Targets;

namespace Drydock.Scanning.Pipeline;

/// <summary>The production opener: the transports of <see cref="ImageSources"/>, with the remote ones from <paramref name="remote"/>;
/// temporary files under <paramref name="tempDirectory"/> (null = this process's <see cref="DrydockTemp"/> directory).</summary>
internal sealed class SourceImageOpener(RemoteSourceFactories remote, IReadOnlySet<string> insecureRegistries, string? tempDirectory) : IImageOpener
{
    public Task<IImage> OpenAsync(ImageTarget target, Platform? platform, IProgressSink progress, CancellationToken cancellationToken) =>
        OpenAsync(target, platform, progress, null, cancellationToken);

    public Task<IImage> OpenAsync(ImageTarget target, Platform? platform, IProgressSink progress, FirstLayerReads? firstReads, CancellationToken cancellationToken)
    {
        var options = new ImageOpenOptions { Platform = platform, InsecureRegistries = insecureRegistries, Progress = progress, FirstLayerReads = firstReads };
        return ImageSources.OpenAsync(target, tempDirectory is null ? options : options with { TempDirectory = tempDirectory }, remote, cancellationToken);
    }
}
