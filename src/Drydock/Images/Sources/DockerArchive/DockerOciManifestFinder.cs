using Drydock.Images.Sources.Archives;
using Drydock.Images.Sources.OciLayout;

namespace Drydock.Images.Sources.DockerArchive;

/// <summary>
/// Docker 25+ writes <c>docker save</c> as an OCI layout plus the classic manifest.json. When the layout's
/// index.json lists the real manifest of the chosen image (same config digest; one level of nested index for
/// multi-platform saves), reading through it gives the true manifest digest and layer media types, so the result
/// matches the same image read from a registry. Manifests whose blobs were not exported are skipped.
/// </summary>
internal static class DockerOciManifestFinder
{
    public static (Descriptor Descriptor, byte[] Bytes)? Find(TarArchive archive, string configPath, CancellationToken cancellationToken)
    {
        if (DockerArchiveImageReader.DigestInName(configPath) is not { } configDigest) return null;
        if (!archive.TryGetLength("oci-layout", out _) || !archive.TryGetLength("index.json", out var length)) return null;
        if (length > BlobLimits.Manifest) return null;
        byte[] indexBytes;
        using (var s = archive.Open("index.json")) indexBytes = BlobLimits.ReadAll(s, BlobLimits.Manifest, $"index.json in {archive.Location}");
        var index = ImageDocuments.Parse(indexBytes, SourceJsonContext.Default.ImageIndex, $"index.json in {archive.Location}", cancellationToken);
        return Search(archive, index.Manifests ?? [], configDigest, depth: 0, cancellationToken);
    }

    private static (Descriptor, byte[])? Search(TarArchive archive, IReadOnlyList<Descriptor> descriptors, Digest config, int depth, CancellationToken cancellationToken)
    {
        foreach (var d in descriptors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Digest.TryParse(d.Digest, out var digest) || !archive.TryGetLength(OciBlobs.NameOf(digest), out _)) continue;
            if (MediaTypes.IsManifest(d.MediaType))
            {
                var bytes = OciBlobs.ReadDocument(archive, d, BlobLimits.Manifest, "manifest");
                var manifest = ImageDocuments.Parse(bytes, SourceJsonContext.Default.ImageManifest, $"manifest {digest} in {archive.Location}", cancellationToken);
                if (manifest.Config?.Digest == config.ToString()) return (d, bytes);
            }
            else if (MediaTypes.IsIndex(d.MediaType) && depth == 0)
            {
                var bytes = OciBlobs.ReadDocument(archive, d, BlobLimits.Manifest, "index");
                var nested = ImageDocuments.Parse(bytes, SourceJsonContext.Default.ImageIndex, $"index {digest} in {archive.Location}", cancellationToken);
                if (Search(archive, nested.Manifests ?? [], config, depth + 1, cancellationToken) is { } found) return found;
            }
        }
        return null;
    }
}
