using Drydock.Images;
using Drydock.Images.Targets;

namespace Drydock.Scanning.Pipeline;

/// <summary>Opens a parsed target as an <see cref="IImage"/> (the caller disposes it); infrastructure failures are <see cref="DrydockException"/>s.</summary>
public interface IImageOpener
{
    Task<IImage> OpenAsync(ImageTarget target, Platform? platform, IProgressSink progress, CancellationToken cancellationToken);

    /// <summary>
    /// As above, told which layers the caller reads first when it knows that before the config is read
    /// (<see cref="ImageOpenOptions.FirstLayerReads"/>); an opener may ignore it.
    /// </summary>
    Task<IImage> OpenAsync(ImageTarget target, Platform? platform, IProgressSink progress, FirstLayerReads? firstReads, CancellationToken cancellationToken) =>
        OpenAsync(target, platform, progress, cancellationToken);
}
