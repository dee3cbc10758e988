using Drydock.Images;
using Drydock.Inventory.Purl;
using Drydock.Scanning;

namespace Drydock.Reports;

/// <summary>
/// How reports name the scanned image: its reference name (or the target when it has none), its digest, and its
/// package URL (purl-spec PURL-TYPES "oci": <c>pkg:oci/name@sha256:…?arch=…&amp;repository_url=registry/repo&amp;tag=…</c>,
/// the version being the manifest digest, else the config digest for images read from an archive).
/// </summary>
internal sealed record ImageIdentity(string Name, string Digest, string Purl)
{
    public static ImageIdentity Of(ImageSummary image)
    {
        var digest = image.ManifestDigest ?? image.Id;
        ImageReference? reference = null;
        if (image.Reference is { } text && ImageReference.TryParse(text, out var parsed, out _)) reference = parsed;
        var lastSegment = (reference?.Repository ?? image.Target).Split('/', ':').LastOrDefault(s => s.Length > 0)?.ToLowerInvariant() ?? "image";
        var arch = image.Platform.Split('/') is { Length: >= 2 } p ? p[1] : null;
        var purl = PackageUrl.Build("oci", null, lastSegment, digest,
        [
            new("arch", arch),
            new("repository_url", reference?.Name),
            new("tag", reference?.Tag),
        ]);
        return new ImageIdentity(reference?.Name ?? image.Target, digest, purl);
    }
}
