using Drydock.Images.Sources.DockerArchive;
using Drydock.Images.Sources.OciLayout;
using Drydock.Images.Targets;

namespace Drydock.Images.Sources;

/// <summary>Creates the <see cref="IImageSource"/> for a parsed target: the one explicit list of transports.</summary>
public static class ImageSources
{
    public static IImageSource Create(ImageTarget target, RemoteSourceFactories remote)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(remote);
        return target.Transport switch
        {
            ImageTransport.DockerArchive => new DockerArchiveSource(target.Path!, target.Reference, target.SourceIndex, target.Text),
            ImageTransport.Oci => new OciLayoutSource(target.Path!, target.Tag, target.Text),
            ImageTransport.OciArchive => new OciArchiveSource(target.Path!, target.Tag, target.Text),
            ImageTransport.Registry => remote.Registry?.Invoke(target)
                ?? throw new UsageException($"registry transport not available in this build (target '{target.Text}')"),
            ImageTransport.DockerEngine => remote.DockerEngine?.Invoke(target)
                ?? throw new UsageException($"docker engine transport not available in this build (target '{target.Text}')"),
            _ => throw new UsageException($"unknown transport for '{target.Text}'"),
        };
    }

    /// <summary>Parses <paramref name="text"/> and opens the image it names.</summary>
    /// <remarks>
    /// Documents are untrusted: a required field that is JSON <c>null</c> where no check expected it is still an error
    /// naming the image (exit 3), never a crash.
    /// </remarks>
    public static Task<IImage> OpenAsync(string text, ImageOpenOptions options, RemoteSourceFactories remote, CancellationToken cancellationToken) =>
        OpenAsync(TargetParser.Parse(text), options, remote, cancellationToken);

    /// <summary>Opens the image a parsed target names.</summary>
    public static async Task<IImage> OpenAsync(ImageTarget target, ImageOpenOptions options, RemoteSourceFactories remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var text = target.Text;
        var source = Create(target, remote);
        try
        {
            return await source.OpenAsync(options, cancellationToken);
        }
        catch (NullReferenceException e)
        {
            throw new DrydockException($"{text}: a required field of its index, manifest or config is missing or null", inner: e);
        }
    }
}
