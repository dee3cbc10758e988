using Drydock.Images.Sources.DockerArchive;

namespace Drydock.Images.Sources.Engine;

/// <summary>
/// The <c>docker:NAME</c> transport: an image held by a Docker engine, exported through the Engine API
/// (<c>GET /images/{name}/get</c>, what <c>docker save</c> does) to a temporary tar under the open options' temp
/// directory, then read as a docker-archive. The tar is deleted when the image is disposed.
/// </summary>
public sealed class EngineImageSource(string name, string source, Func<EngineConnection>? connect = null) : IImageSource
{
    public async Task<IImage> OpenAsync(ImageOpenOptions options, CancellationToken cancellationToken)
    {
        using var engine = (connect ?? EngineConnection.FromEnvironment)();
        var inspect = await engine.InspectImageAsync(name, cancellationToken)
            ?? throw new DrydockException($"docker engine {engine.Endpoint.Host}: no such image '{name}'");
        Directory.CreateDirectory(options.TempDirectory);
        var tar = Path.Combine(options.TempDirectory, $"drydock-engine-{Guid.NewGuid():N}.tar");
        try
        {
            options.Progress.Report("export", name, 0, null);
            await engine.SaveImageAsync(name, tar, cancellationToken);
            var image = await new DockerArchiveSource(tar, null, null, source).OpenAsync(options, cancellationToken);
            var repoDigests = (inspect.RepoDigests ?? []).Where(d => !d.StartsWith("<none>", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            return new TemporaryFileImage(image, tar, repoDigests);
        }
        catch
        {
            File.Delete(tar);
            throw;
        }
    }

    /// <summary>An image read from a temporary file, which it deletes when disposed, with the engine's RepoDigests.</summary>
    private sealed class TemporaryFileImage(IImage inner, string path, IReadOnlyList<string> repoDigests) : IEngineImage
    {
        public IReadOnlyList<string> RepoDigests => repoDigests;
        public string Source => inner.Source;
        public ImageReference? Reference => inner.Reference;
        public Digest? ManifestDigest => inner.ManifestDigest;
        public ImageManifest Manifest => inner.Manifest;
        public ReadOnlyMemory<byte> RawConfig => inner.RawConfig;
        public ImageConfig Config => inner.Config;
        public Digest Id => inner.Id;
        public IReadOnlyList<LayerInfo> Layers => inner.Layers;

        public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken) => inner.OpenLayerAsync(index, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            File.Delete(path);
        }
    }
}
