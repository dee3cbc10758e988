namespace Drydock.Images.Sources.OciLayout;

/// <summary>
/// Reads an OCI image layout held by any <see cref="IBlobStore"/> (a directory for <c>oci:</c>, a tar for
/// <c>oci-archive:</c>): checks <c>oci-layout</c>, parses <c>index.json</c>, selects and loads one image.
/// </summary>
internal static class OciLayoutReader
{
    public static LoadedImage Read(IBlobStore store, string? tag, ImageOpenOptions options, string source, CancellationToken cancellationToken)
    {
        CheckLayoutVersion(store, cancellationToken);
        if (!store.TryGetLength("index.json", out var indexLength))
            throw new DrydockException($"index.json in {store.Location} is missing or not a regular file");
        if (indexLength > BlobLimits.Manifest) throw BlobLimits.TooLarge($"index.json in {store.Location}", indexLength, BlobLimits.Manifest);
        byte[] indexBytes;
        using (var s = store.Open("index.json")) indexBytes = BlobLimits.ReadAll(s, BlobLimits.Manifest, $"index.json in {store.Location}");
        var index = ImageDocuments.Parse(indexBytes, SourceJsonContext.Default.ImageIndex, $"index.json in {store.Location}", cancellationToken);

        var selector = new OciManifestSelector(store, options.Platform ?? Platform.Host);
        var (descriptor, bytes) = selector.Select(index, tag, cancellationToken);
        var refName = OciManifestSelector.TagOf(descriptor) ?? tag;
        var reference = refName is not null && refName.Contains('/', StringComparison.Ordinal)
            && ImageReference.TryParse(refName, out var r, out _) ? r : null;
        var image = OciImageReader.Read(store, descriptor, bytes, source, reference, cancellationToken);
        // A layout with a single image is taken whatever its platform (as skopeo does), but an explicit wish is honoured with a warning.
        if (options.Platform is { } wanted && !wanted.Matches(image.Config.Platform))
            options.Progress.Warn($"{source}: the only image is for {image.Config.Platform}, not the requested {wanted}");
        return image;
    }

    private static void CheckLayoutVersion(IBlobStore store, CancellationToken cancellationToken)
    {
        if (!store.TryGetLength("oci-layout", out _))
            throw new DrydockException($"{store.Location} is not an OCI image layout (no oci-layout file)");
        using var s = store.Open("oci-layout");
        var file = ImageDocuments.Parse(BlobLimits.ReadAll(s, 64 * 1024, $"oci-layout in {store.Location}"),
            SourceJsonContext.Default.OciLayoutFile, $"oci-layout in {store.Location}", cancellationToken);
        if (file.ImageLayoutVersion != "1.0.0")
            throw new DrydockException($"{store.Location}: unsupported imageLayoutVersion '{file.ImageLayoutVersion}' (expected 1.0.0)");
    }
}
