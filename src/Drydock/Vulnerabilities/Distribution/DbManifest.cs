using System.Globalization;
using System.Text.Json;
using Drydock.Images;
using Drydock.Images.Sources;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// Writes and reads the artifact's OCI image manifest (image-spec manifest.md, OCI 1.1 <c>artifactType</c>). Reading
/// refuses, before any layer is fetched, a manifest that is not a Drydock database or whose schema this client cannot
/// read; every layer must be a feed layer naming its feed.
/// </summary>
internal static class DbManifest
{
    public static byte[] Write(IReadOnlyList<FeedLayer> layers, DateTimeOffset builtAt, int schema)
    {
        var built = Time(builtAt);
        using var buffer = new MemoryStream();
        // Media types hold '+': written as is (the default encoder escapes it), so the manifest reads as the spec's examples do.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", MediaTypes.OciManifest);
            w.WriteString("artifactType", DbArtifact.ArtifactTypeOf(schema));
            w.WriteStartObject("config");
            w.WriteString("mediaType", MediaTypes.OciEmpty);
            w.WriteString("digest", Digest.Sha256(DbArtifact.EmptyConfig).ToString());
            w.WriteNumber("size", DbArtifact.EmptyConfig.Length);
            w.WriteEndObject();
            w.WriteStartArray("layers");
            foreach (var layer in layers)
            {
                w.WriteStartObject();
                w.WriteString("mediaType", layer.MediaType);
                w.WriteString("digest", layer.Digest.ToString());
                w.WriteNumber("size", layer.Size);
                w.WriteStartObject("annotations");
                w.WriteString(DbArtifact.FeedAnnotation, layer.Feed);
                if (layer.FetchedAt is { } f) w.WriteString(DbArtifact.FeedFetchedAtAnnotation, Time(f));
                w.WriteString(DbArtifact.FeedRecordsAnnotation, layer.Records.ToString(CultureInfo.InvariantCulture));
                w.WriteString(DbArtifact.TitleAnnotation, layer.Feed + (DbArtifact.IsColumnsLayer(layer.MediaType) ? ".columns" : ".db.zst"));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("annotations");
            w.WriteString(DbArtifact.SchemaAnnotation, schema.ToString(CultureInfo.InvariantCulture));
            w.WriteString(DbArtifact.LayoutAnnotation, layers.All(l => DbArtifact.IsColumnsLayer(l.MediaType)) ? DbArtifact.ColumnsLayout : DbArtifact.OwnedLayout);
            w.WriteString(DbArtifact.BuiltAtAnnotation, built);
            w.WriteString(DbArtifact.CreatedAnnotation, built);
            foreach (var layer in layers.Where(l => l.FetchedAt is not null))
                w.WriteString(DbArtifact.FeedFetchedAtKey(layer.Feed), Time(layer.FetchedAt!.Value));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The layers and build time of a pulled manifest, or a one-line error naming <paramref name="what"/>.</summary>
    public static (IReadOnlyList<Descriptor> Layers, DateTimeOffset BuiltAt) Read(ReadOnlySpan<byte> bytes, string what, int readableSchema)
    {
        ImageManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(bytes, SourceJsonContext.Default.ImageManifest);
        }
        catch (JsonException)
        {
            manifest = null;
        }
        if (manifest?.ArtifactType is not { } type || !type.StartsWith("application/vnd.drydock.db.v", StringComparison.Ordinal))
            throw new DrydockException($"{what} is not a Drydock vulnerability database (artifactType '{manifest?.ArtifactType}')");
        var schema = manifest.Annotations?.GetValueOrDefault(DbArtifact.SchemaAnnotation);
        if (type != DbArtifact.ArtifactTypeOf(readableSchema) || schema != readableSchema.ToString(CultureInfo.InvariantCulture))
        {
            throw new DrydockException($"{what} holds a database of schema version {schema ?? "?"}; this drydock reads version {readableSchema} " +
                                       $"(pull the :{readableSchema} tag, or upgrade drydock)");
        }
        if (manifest.Layers.Count == 0 || manifest.Layers.Any(l => string.IsNullOrEmpty(l.Annotations?.GetValueOrDefault(DbArtifact.FeedAnnotation))))
            throw new DrydockException($"{what} has no feed layers, or a layer that names no feed");
        // A feed name becomes a file name and a line of the pull state: lower-case letters, digits, '.', '-' only, once each.
        var feeds = manifest.Layers.Select(l => l.Annotations![DbArtifact.FeedAnnotation]).ToList();
        if (feeds.FirstOrDefault(f => f.Length > 64 || !f.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-') || f[0] is '.' or '-') is { } bad)
            throw new DrydockException($"{what} has a layer for a feed named '{bad}', which is not a feed name");
        if (feeds.GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new DrydockException($"{what} has more than one layer for feed {twice.Key}");
        // Checked once the feed names are known to be plain. Columns layers (written now), the owned-details SQLite zstd layers and the earlier zstd and gzip layers are read; any other type is refused before a download.
        if (manifest.Layers.FirstOrDefault(l => !DbArtifact.IsColumnsLayer(l.MediaType) && DbArtifact.FeedLayerCompression(l.MediaType) is null) is { } unknown)
        {
            throw new DrydockException($"{what}: the layer of feed {unknown.Annotations![DbArtifact.FeedAnnotation]} has media type '{Printable(unknown.MediaType)}', " +
                                       $"which this drydock does not read ({DbArtifact.ColumnsLayerMediaType}, {DbArtifact.FeedLayerMediaType}, {DbArtifact.FeedLayerNamedZstdMediaType} or {DbArtifact.FeedLayerGzipMediaType})");
        }
        if (!DateTimeOffset.TryParse(manifest.Annotations?.GetValueOrDefault(DbArtifact.BuiltAtAnnotation), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var builtAt))
            throw new DrydockException($"{what} has no valid {DbArtifact.BuiltAtAnnotation} annotation");
        return (manifest.Layers, builtAt);
    }

    // A media type is the registry's text: at most 100 characters of it, control characters as '?', so the error stays one line.
    private static string Printable(string? text) => new([.. (text ?? "").Take(100).Select(c => char.IsControl(c) ? '?' : c)]);

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
