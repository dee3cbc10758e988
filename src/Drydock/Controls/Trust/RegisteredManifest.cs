using Drydock.Images;
using Drydock.Images.Sources;
using Drydock.Images.Sources.Registry;

namespace Drydock.Controls.Trust;

/// <summary>
/// The registry manifest of an image whose archive keeps none (a <c>docker save</c> archive: its manifest is
/// synthesised, its layers stored uncompressed): the manifest the reference the archive names (RepoTags) resolves to,
/// accepted only when its config blob is the archive's config (the same image id, so the same config and diff ids).
/// A signature over that manifest then signs this image, as for an engine image pulled by a RepoDigest. A registry that
/// cannot be read aborts the scan (as for every signature lookup); a name it does not know is a reason, not an error.
/// </summary>
internal static class RegisteredManifest
{
    private const int MaxIndexDepth = 2;

    /// <summary>The manifest digests that name the image (the platform's manifest, and the index it was picked from), or why there are none.</summary>
    public static async Task<(IReadOnlyList<Digest> Digests, string? Why)> FindAsync(IImage image, ImageReference named, SignatureClients clients, CancellationToken cancellationToken)
    {
        var what = $"registry {named.Registry}: {named.Familiar}";
        var client = clients.For(named.Registry);
        var current = await client.TryGetManifestAsync(named.Repository, named.Digest?.ToString() ?? named.Tag ?? "latest", cancellationToken);
        if (current is null) return ([], $"{named.Name}, the name the archive carries, is not in its registry");
        var digests = new List<Digest> { current.Digest };
        for (var depth = 0; current.IsIndex; depth++)
        {
            if (depth == MaxIndexDepth) return ([], $"{what}: image indexes nested deeper than {MaxIndexDepth}");
            var index = ImageDocuments.Parse(current.Bytes, SourceJsonContext.Default.ImageIndex, what, cancellationToken);
            var chosen = IndexPlatformSelector.Select(index, image.Config.Platform, what);
            current = await client.GetManifestAsync(named.Repository, Digest.Parse(chosen.Digest).ToString(), cancellationToken);
            digests.Insert(0, current.Digest);
        }
        var manifest = ImageDocuments.Parse(current.Bytes, SourceJsonContext.Default.ImageManifest, what, cancellationToken);
        return string.Equals(manifest.Config.Digest, image.Id.ToString(), StringComparison.Ordinal)
            ? (digests, null)
            : ([], $"{named.Name}, the name the archive carries, is another image in its registry now (config {manifest.Config.Digest}, the archive's {image.Id})");
    }
}
