namespace Drydock.Images.Sources.DockerArchive;

/// <summary>
/// Chooses an image of a docker-archive as skopeo does (<c>docker-archive:PATH[:REF]</c> or <c>:@N</c>, the
/// source index): a single image needs no choice; several need one, and the error lists them.
/// </summary>
internal static class DockerArchiveSelector
{
    public static (DockerArchiveManifestEntry Entry, ImageReference? Reference) Select(
        IReadOnlyList<DockerArchiveManifestEntry> entries, ImageReference? wanted, int? index, string location)
    {
        if (entries.Count == 0) throw new DrydockException($"manifest.json in {location} lists no images");
        if (index is { } i)
        {
            if (i < 0 || i >= entries.Count)
                throw new UsageException($"{location} holds {entries.Count} image(s); @{i} is out of range ({Describe(entries)})");
            return (entries[i], FirstTag(entries[i]));
        }
        if (wanted is not null)
        {
            for (var e = 0; e < entries.Count; e++)
            {
                if (Tags(entries[e]).FirstOrDefault(t => t == wanted) is { } match) return (entries[e], match);
            }
            throw new DrydockException($"no image tagged {wanted.Familiar} in {location} ({Describe(entries)})");
        }
        if (entries.Count > 1)
            throw new DrydockException($"{location} holds {entries.Count} images; choose one with :TAG or :@N ({Describe(entries)})");
        return (entries[0], FirstTag(entries[0]));
    }

    private static ImageReference? FirstTag(DockerArchiveManifestEntry entry) => Tags(entry).FirstOrDefault();

    private static IEnumerable<ImageReference> Tags(DockerArchiveManifestEntry entry) =>
        (entry.RepoTags ?? []).Select(t => ImageReference.TryParse(t, out var r, out _) ? r : null).OfType<ImageReference>();

    private static string Describe(IReadOnlyList<DockerArchiveManifestEntry> entries) =>
        string.Join(", ", entries.Select((e, i) =>
            $"@{i}: {(e.RepoTags is { Count: > 0 } tags ? string.Join(" ", tags) : "untagged")}"));
}
