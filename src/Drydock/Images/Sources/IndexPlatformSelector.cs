namespace Drydock.Images.Sources;

/// <summary>
/// Picks the manifest for a platform from an image index (image-spec image-index.md). An exact variant match wins over
/// a compatible one; attestation entries (BuildKit's <c>unknown/unknown</c>) are never chosen. No match is an error
/// that lists what the index offers. Used for registry indexes, OCI layouts and freshness lookups alike.
/// </summary>
internal static class IndexPlatformSelector
{
    private const string ReferenceTypeAnnotation = "vnd.docker.reference.type";

    public static Descriptor Select(ImageIndex index, Platform wanted, string what) => Select(index.Manifests, wanted, what);

    public static Descriptor Select(IReadOnlyList<Descriptor> manifests, Platform wanted, string what)
    {
        var images = manifests
            .Where(d => d.Annotations?.GetValueOrDefault(ReferenceTypeAnnotation) is null)
            .Where(d => d.Platform is null || !(d.Platform.Os == "unknown" && d.Platform.Architecture == "unknown"))
            .ToList();
        var want = Platform.Normalize(wanted);
        var matching = images.Where(d => d.Platform is { } p && want.Matches(p)).ToList();
        var exact = matching.FirstOrDefault(d => Platform.Normalize(d.Platform!).Variant == want.Variant);
        if ((exact ?? matching.FirstOrDefault()) is { } chosen) return chosen;
        // An index without platform data (e.g. a single-image layout written by a tool that omits it) has one answer.
        if (images.Count == 1 && images[0].Platform is null) return images[0];
        var offered = images.Select(d => d.Platform?.ToString() ?? "unspecified").Distinct().Order(StringComparer.Ordinal);
        throw new DrydockException($"{what}: no image for platform {want}; the index offers: {string.Join(", ", offered)} (choose one with --platform)");
    }
}
