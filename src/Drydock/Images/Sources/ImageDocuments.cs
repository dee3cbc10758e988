using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Drydock.Images.Sources;

/// <summary>Parses the JSON documents of an image (manifest, index, config) into records, with one clear error per failure.</summary>
internal static class ImageDocuments
{
    /// <summary>
    /// Parses one small document of each kind an image open reads (index, manifest, config, oci-layout), so that their
    /// serializer metadata, built on first use, is built by the warm-up thread (<see cref="Layers.LayerWarmUp"/>) rather
    /// than on the open's path (~5 ms of a cold scan's head). Throws nothing the documents do not.
    /// </summary>
    internal static void WarmUp()
    {
        const string digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
        Parse("""{"imageLayoutVersion":"1.0.0"}"""u8.ToArray(), SourceJsonContext.Default.OciLayoutFile, "warm-up", CancellationToken.None);
        Parse(Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"manifests":[{"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{digest}}}","size":1,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"a":"b"}}]}"""),
            SourceJsonContext.Default.ImageIndex, "warm-up", CancellationToken.None);
        Parse(Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.OciManifest}}}","config":{"mediaType":"{{{MediaTypes.OciConfig}}}","digest":"{{{digest}}}","size":1},"layers":[{"mediaType":"{{{MediaTypes.OciLayerGzip}}}","digest":"{{{digest}}}","size":1}],"annotations":{"a":"b"}}"""),
            SourceJsonContext.Default.ImageManifest, "warm-up", CancellationToken.None);
        Parse(Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z","config":{"User":"root","Env":["A=B"],"Cmd":["sh"],"Labels":{"a":"b"},"ExposedPorts":{"80/tcp":{}},"Healthcheck":{"Test":["NONE"]}},"rootfs":{"type":"layers","diff_ids":["{{{digest}}}"]},"history":[{"created":"2024-01-01T00:00:00Z","created_by":"x"}]}"""),
            SourceJsonContext.Default.ImageConfig, "warm-up", CancellationToken.None);
    }

    /// <summary>
    /// Deserialises <paramref name="json"/> chunk by chunk, checking <paramref name="cancellationToken"/> between chunks;
    /// invalid JSON or a JSON <c>null</c> is an error naming <paramref name="what"/>.
    /// </summary>
    public static T Parse<T>(ReadOnlyMemory<byte> json, JsonTypeInfo<T> type, string what, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var input = new CancellableMemoryReader(json, cancellationToken);
            return JsonSerializer.Deserialize(input, type) ?? throw new DrydockException($"{what} is empty (JSON null)");
        }
        catch (JsonException e)
        {
            throw new DrydockException($"{what} is not valid JSON: {e.Message}", inner: e);
        }
    }

    /// <summary>The config's diff ids, checked to be valid digests and as many as the layers.</summary>
    public static IReadOnlyList<Digest> DiffIds(ImageConfig config, int layerCount, string where)
    {
        var raw = config.RootFs?.DiffIds ?? [];
        if (raw.Count != layerCount)
            throw new DrydockException($"{where}: config lists {raw.Count} diff ids but the image has {layerCount} layers");
        var result = new Digest[raw.Count];
        for (var i = 0; i < raw.Count; i++)
        {
            if (!Digest.TryParse(raw[i], out result[i]))
                throw new DrydockException($"{where}: config diff id {i} '{raw[i]}' is not a valid digest");
        }
        return result;
    }

    /// <summary>A descriptor's digest, validated (it is used to build blob paths).</summary>
    public static Digest DigestOf(Descriptor? descriptor, string where) =>
        Digest.TryParse(descriptor?.Digest, out var d)
            ? d
            : throw new DrydockException(descriptor is null ? $"{where}: a descriptor is null" : $"{where}: invalid digest '{Shorten(descriptor.Digest)}'");

    private static string Shorten(string? s) => s is null ? "null" : s.Length > 80 ? s[..80] + "…" : s;
}
