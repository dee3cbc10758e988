using Drydock.Images;
using Drydock.Vulnerabilities.Database;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// The vulnerability database as an OCI 1.1 artifact (docs/db-artifact.md): an image manifest whose
/// <c>artifactType</c> names the database schema, whose config is the OCI empty descriptor, and whose layers are one
/// columns layer per feed (<see cref="ColumnsLayerMediaType"/>: each table's columns as zstd streams), each vulnerability's
/// details in the layer of the one feed that owns them (the earlier layouts, zstd-compressed SQLite files with the owned
/// details (<see cref="FeedLayerMediaType"/>) or, zstd or gzip, the details of every id a feed names, are still read). The major schema version is the tag (<c>:2</c>), so a client only ever asks
/// for a database it can read; the <see cref="SchemaAnnotation"/> is checked again before anything is installed.
/// </summary>
public static class DbArtifact
{
    /// <summary>The artifact type of schema 2: <c>application/vnd.drydock.db.v2</c>.</summary>
    public static string ArtifactType => ArtifactTypeOf(DatabaseSchema.Version);

    /// <summary>
    /// One feed's rows and the details of the ids it owns (<c>OwnedDetails</c>), each table's columns a zstd stream
    /// (<see cref="ColumnLayerWriter"/>, docs/db-artifact.md): what <c>db push</c> writes. A client that predates it refuses
    /// it in one line (an unknown layer type).
    /// </summary>
    public static string ColumnsLayerMediaType => $"application/vnd.drydock.db.feed.columns.v{DatabaseSchema.Version}+zstd";

    /// <summary>
    /// The same rows as a SQLite file of the database schema, zstd-compressed: what <c>db push</c> wrote before the
    /// columns layer; <c>db pull</c> still reads it.
    /// </summary>
    public static string FeedLayerMediaType => $"application/vnd.drydock.db.feed.owned.v{DatabaseSchema.Version}.sqlite+zstd";

    /// <summary>The earlier layout, zstd: each layer with the details of every id its feed names; <c>db pull</c> still reads it.</summary>
    public static string FeedLayerNamedZstdMediaType => FeedLayerMediaTypeOf(LayerCompression.Zstd);

    /// <summary>The same, gzip-compressed: what <c>db push</c> wrote before; <c>db pull</c> still reads it.</summary>
    public static string FeedLayerGzipMediaType => FeedLayerMediaTypeOf(LayerCompression.Gzip);

    /// <summary>The manifest annotation naming the layout of the layers: <see cref="ColumnsLayout"/> for what <c>db push</c> writes now.</summary>
    public const string LayoutAnnotation = "io.drydock.db.layout";

    /// <summary>Each vulnerability's details travel once, in the layer of the feed that owns them.</summary>
    public const string OwnedLayout = "owned-details";

    /// <summary>Owned details, each table as column streams (<see cref="ColumnsLayerMediaType"/>).</summary>
    public const string ColumnsLayout = "owned-details-columns";

    /// <summary>The zstd level of a SQLite feed layer (the earlier layout, still written by tests that check it is read).</summary>
    public const int LayerZstdLevel = 9;

    /// <summary>The zstd level of each column stream: measured at full volume against size and push CPU (bench/README.md, issue 13).</summary>
    public const int ColumnZstdLevel = 15;

    /// <summary>A column stream of at least this many bytes is compressed by <see cref="ColumnZstdWorkers"/> zstd workers.</summary>
    public const long ColumnWorkersFrom = 8L << 20;

    /// <summary>zstd's workers for a large column stream: a constant, so the bytes do not depend on the machine.</summary>
    public const int ColumnZstdWorkers = 2;

    /// <summary>Whether <paramref name="mediaType"/> is the columns layer of this schema.</summary>
    public static bool IsColumnsLayer(string? mediaType) => mediaType == ColumnsLayerMediaType;

    /// <summary>The compression a feed layer's media type declares, or null when it is no feed layer type of this schema.</summary>
    public static LayerCompression? FeedLayerCompression(string? mediaType) =>
        mediaType == FeedLayerMediaType || mediaType == FeedLayerNamedZstdMediaType ? LayerCompression.Zstd
        : mediaType == FeedLayerGzipMediaType ? LayerCompression.Gzip : null;

    /// <summary>The tag a reference without one gets: the schema version this client reads.</summary>
    public static string DefaultTag => DatabaseSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public const string SchemaAnnotation = "io.drydock.db.schema-version";
    public const string BuiltAtAnnotation = "io.drydock.db.built-at";
    public const string CreatedAnnotation = "org.opencontainers.image.created";
    public const string TitleAnnotation = "org.opencontainers.image.title";
    public const string FeedAnnotation = "io.drydock.db.feed";
    public const string FeedFetchedAtAnnotation = "io.drydock.db.feed.fetched-at";
    public const string FeedRecordsAnnotation = "io.drydock.db.feed.records";

    /// <summary>The manifest annotation carrying one feed's fetch time (also on its layer).</summary>
    public static string FeedFetchedAtKey(string feed) => $"io.drydock.db.feed.{feed}.fetched-at";

    /// <summary>The OCI empty descriptor's content (image-spec manifest.md "Guidance for an Empty Descriptor").</summary>
    public static readonly byte[] EmptyConfig = "{}"u8.ToArray();

    /// <summary>
    /// A database reference (<c>registry/repo[:tag][@digest]</c>); without tag or digest it is the schema's tag, never
    /// <c>latest</c>, so that a client pulls only what it reads.
    /// </summary>
    public static Images.ImageReference ParseReference(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var last = text[(text.LastIndexOf('/') + 1)..];
        return Images.ImageReference.Parse(last.Contains(':', StringComparison.Ordinal) || last.Contains('@', StringComparison.Ordinal) ? text : text + ":" + DefaultTag);
    }

    private static string FeedLayerMediaTypeOf(LayerCompression compression) =>
        $"application/vnd.drydock.db.feed.v{DatabaseSchema.Version}.sqlite+{(compression == LayerCompression.Zstd ? "zstd" : "gzip")}";

    internal static string ArtifactTypeOf(int schema) => $"application/vnd.drydock.db.v{schema}";
}
