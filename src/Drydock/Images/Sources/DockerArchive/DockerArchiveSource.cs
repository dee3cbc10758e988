using Drydock.Images.Sources.Archives;
using Drydock.Images.Sources.OciLayout;

namespace Drydock.Images.Sources.DockerArchive;

/// <summary>
/// The <c>docker-archive:PATH[:REF|:@N]</c> transport: a <c>docker save</c> tar in any of its layouts (legacy
/// <c>&lt;id&gt;/layer.tar</c>, skopeo/podman <c>&lt;sha256&gt;.tar</c> with symlinks, Docker 25+ OCI-in-tar),
/// optionally gzip- or zstd-compressed whole. Read in place through a <see cref="TarArchive"/> index; a Docker 25+
/// archive whose OCI index lists the image's real manifest is read through that manifest.
/// </summary>
internal sealed class DockerArchiveSource(string path, ImageReference? reference, int? index, string source) : IImageSource
{
    public Task<IImage> OpenAsync(ImageOpenOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var archive = TarArchive.Open(path, options.TempDirectory, cancellationToken);
        try
        {
            if (!archive.TryGetLength("manifest.json", out var length))
                throw new DrydockException($"{path} has no manifest.json (not a docker-archive, or a pre-1.10 `docker save`)");
            if (length > BlobLimits.Manifest) throw BlobLimits.TooLarge($"manifest.json in {path}", length, BlobLimits.Manifest);
            byte[] bytes;
            using (var s = archive.Open("manifest.json")) bytes = BlobLimits.ReadAll(s, BlobLimits.Manifest, $"manifest.json in {path}");
            var entries = ImageDocuments.Parse(bytes, SourceJsonContext.Default.ListDockerArchiveManifestEntry, $"manifest.json in {path}", cancellationToken);
            var (entry, selected) = DockerArchiveSelector.Select(entries, reference, index, path);
            var image = entry.Config is not null && DockerOciManifestFinder.Find(archive, entry.Config, cancellationToken) is { } oci
                ? OciImageReader.Read(archive, oci.Descriptor, oci.Bytes, source, selected, cancellationToken)
                : DockerArchiveImageReader.Read(archive, entry, selected, source, cancellationToken);
            return Task.FromResult<IImage>(image);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }
}
