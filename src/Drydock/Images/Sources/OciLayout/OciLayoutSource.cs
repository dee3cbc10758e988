namespace Drydock.Images.Sources.OciLayout;

/// <summary>The <c>oci:DIR[:TAG]</c> transport: an OCI image layout directory.</summary>
internal sealed class OciLayoutSource(string directory, string? tag, string source) : IImageSource
{
    public Task<IImage> OpenAsync(ImageOpenOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!Directory.Exists(directory)) throw new DrydockException($"no such OCI layout directory: {directory}");
        var store = new DirectoryBlobStore(directory);
        return Task.FromResult<IImage>(OciLayoutReader.Read(store, tag, options, source, cancellationToken));
    }
}
