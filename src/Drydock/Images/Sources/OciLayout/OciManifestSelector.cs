namespace Drydock.Images.Sources.OciLayout;

/// <summary>
/// Chooses one image manifest from an OCI layout's <c>index.json</c> (image-spec image-layout.md, image-index.md):
/// by tag (<c>org.opencontainers.image.ref.name</c>, or containerd's <c>io.containerd.image.name</c>), then through
/// nested indexes by platform. With no tag, a layout holding one top-level entry needs no choice; several tagged
/// entries are ambiguous and the error lists the tags.
/// </summary>
internal sealed class OciManifestSelector(IBlobStore store, Platform platform)
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    public const string ContainerdNameAnnotation = "io.containerd.image.name";
    private const int MaxIndexDepth = 4;

    /// <summary>The chosen manifest descriptor, its verified bytes and the tag it was selected by.</summary>
    public (Descriptor Descriptor, byte[] Bytes) Select(ImageIndex index, string? tag, CancellationToken cancellationToken)
    {
        // JSON may hold "manifests": null (Docker 25+ archives do) although the record says non-null.
        if (index.Manifests is not { Count: > 0 }) throw new DrydockException($"no manifests in {store.Location}/index.json");
        var candidates = tag is null ? index.Manifests : index.Manifests.Where(d => HasTag(d, tag)).ToList();
        if (candidates.Count == 0)
            throw new DrydockException($"no image tagged '{tag}' in {store.Location} (tags: {DescribeTags(index)})");
        if (tag is null && candidates.Count > 1 && candidates.Select(TagOf).Distinct().Count() > 1)
            throw new DrydockException(
                $"{store.Location} holds several images; choose one with :TAG (tags: {DescribeTags(index)})");
        return Resolve(candidates, depth: 0, cancellationToken);
    }

    private (Descriptor, byte[]) Resolve(IReadOnlyList<Descriptor> candidates, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxIndexDepth) throw new DrydockException($"image indexes nested deeper than {MaxIndexDepth} in {store.Location}");
        foreach (var d in candidates)
        {
            if (!MediaTypes.IsIndex(d.MediaType) && !MediaTypes.IsManifest(d.MediaType))
                throw new DrydockException($"unsupported media type '{d.MediaType}' for {d.Digest} in {store.Location}");
        }
        var pick = candidates.Count == 1 ? candidates[0] : IndexPlatformSelector.Select(candidates, platform, store.Location);
        var bytes = OciBlobs.ReadDocument(store, pick, BlobLimits.Manifest, MediaTypes.IsIndex(pick.MediaType) ? "index" : "manifest");
        if (MediaTypes.IsManifest(pick.MediaType)) return (pick, bytes);
        var nested = ImageDocuments.Parse(bytes, SourceJsonContext.Default.ImageIndex, $"index {pick.Digest} in {store.Location}", cancellationToken);
        if (nested.Manifests is not { Count: > 0 }) throw new DrydockException($"index {pick.Digest} in {store.Location} lists no manifests");
        return Resolve(nested.Manifests, depth + 1, cancellationToken);
    }

    private static bool HasTag(Descriptor d, string tag) =>
        d.Annotations is { } a
        && ((a.TryGetValue(RefNameAnnotation, out var name) && (name == tag || name.EndsWith(":" + tag, StringComparison.Ordinal)))
            || (a.TryGetValue(ContainerdNameAnnotation, out var full) && (full == tag || full.EndsWith(":" + tag, StringComparison.Ordinal))));

    internal static string? TagOf(Descriptor d) =>
        d.Annotations is { } a
            ? a.GetValueOrDefault(RefNameAnnotation) ?? a.GetValueOrDefault(ContainerdNameAnnotation)
            : null;

    private static string DescribeTags(ImageIndex index)
    {
        var tags = index.Manifests.Select(TagOf).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        return tags.Count == 0 ? "none" : string.Join(", ", tags);
    }
}
