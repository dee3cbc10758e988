using Drydock.Images;
using Drydock.Images.Targets;
using Drydock.Scanning.Pipeline;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>Opens every target as the one in-memory image the test built, and records the targets it was asked for.</summary>
internal sealed class MemoryImageOpener(MemoryImage image) : IImageOpener
{
    public List<string> Opened { get; } = [];

    public Task<IImage> OpenAsync(ImageTarget target, Platform? platform, IProgressSink progress, CancellationToken cancellationToken)
    {
        Opened.Add(target.Text);
        return Task.FromResult<IImage>(image);
    }
}
