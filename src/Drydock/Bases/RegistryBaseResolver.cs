using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Bases;

/// <summary>
/// Resolves a base named by the <c>org.opencontainers.image.base.name</c> annotation (or label) through the registry:
/// its current manifest and diff ids, as a catalogue entry. Appended to the catalogue passed to
/// <see cref="BaseImageIdentifier.Identify"/>, it lets CIS 4.2 say how many bottom layers belong to the base.
/// Only the manifest and config are fetched, never layers. Null when the annotation is absent or not a reference.
/// </summary>
public static class RegistryBaseResolver
{
    public static async Task<BaseCatalogEntry?> ResolveAsync(
        IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string>? labels,
        RegistryClientOptions clientOptions, ImageOpenOptions openOptions, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = BaseImageIdentifier.NamedBase(annotations, labels);
        if (name is null || !ImageReference.TryParse(name, out var reference, out _)) return null;
        // The annotated digest pins the base the image was built on; without it, the tag's current manifest is the best guess.
        var digest = annotations.GetValueOrDefault(BaseImageIdentifier.BaseDigestKey) ?? labels?.GetValueOrDefault(BaseImageIdentifier.BaseDigestKey);
        if (Digest.TryParse(digest, out var pinned)) reference = reference.WithDigest(pinned);
        await using var image = await new RegistryImageSource(reference, null, clientOptions).OpenAsync(openOptions, cancellationToken);
        return new BaseCatalogEntry(name, image.ManifestDigest?.ToString(), image.Layers.Select(l => l.DiffId.ToString()).ToList(), time.GetUtcNow());
    }
}
