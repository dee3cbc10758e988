using Drydock.Images.Sources.Archives;

namespace Drydock.Images.Sources.OciLayout;

/// <summary>The <c>oci-archive:PATH[:TAG]</c> transport: a tar of an OCI image layout, read in place.</summary>
internal sealed class OciArchiveSource(string path, string? tag, string source) : IImageSource
{
    public Task<IImage> OpenAsync(ImageOpenOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var archive = TarArchive.Open(path, options.TempDirectory, cancellationToken);
        try
        {
            return Task.FromResult<IImage>(OciLayoutReader.Read(archive, tag, options, source, cancellationToken));
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }
}
