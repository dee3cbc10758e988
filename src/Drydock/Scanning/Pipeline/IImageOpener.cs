using Drydock.Images;
using Drydock.Images.Targets;

namespace Drydock.Scanning.Pipeline;

/// <summary>Opens a parsed target as an <see cref="IImage"/> (the caller disposes it); infrastructure failures are <see cref="DrydockException"/>s.</summary>
public interface IImageOpener
{
    Task<IImage> OpenAsync(ImageTarget target, Platform? platform, IProgressSink progress, CancellationToken cancellationToken);
}
