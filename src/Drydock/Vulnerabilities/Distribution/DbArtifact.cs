using Drydock.Vulnerabilities.Database;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// The vulnerability database as an OCI 1.1 artifact (docs/db-artifact.md): an image manifest whose
/// <c>artifactType</c> names the database schema, whose config is the OCI empty descriptor, and whose layers are one
/// gzip-compressed SQLite file per feed. The major schema version is the tag (<c>:2</c>), so a client only ever asks
/// for a database it can read; the <see cref="SchemaAnnotation"/> is checked again before anything is installed.
/// </summary>
public static class DbArtifact
{
    /// <summary>The artifact type of schema 2: <c>application/vnd.drydock.db.v2</c>.</summary>
    public static string ArtifactType => ArtifactTypeOf(DatabaseSchema.Version);

    /// <summary>One feed's rows: a SQLite file of the database schema holding only that feed's data, gzip-compressed.</summary>
    public static string FeedLayerMediaType => $"application/vnd.drydock.db.feed.v{DatabaseSchema.Version}.sqlite+gzip";

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

    internal static string ArtifactTypeOf(int schema) => $"application/vnd.drydock.db.v{schema}";
}
