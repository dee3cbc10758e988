using System.Text;
using Drydock.Images;
using Drydock.Vulnerabilities.Distribution;

namespace Drydock.Tests.Vulnerabilities.Distribution;

public sealed class DbManifestTests
{
    private static readonly FeedLayer Layer = new("osv", "/unused", Digest.Sha256("x"u8), 1, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), 7);

    // A layer of the owned-details SQLite layout, the one before columns.
    private static readonly FeedLayer SqliteLayer = Layer with { MediaType = DbArtifact.FeedLayerMediaType };

    [Fact]
    public void WriteThenRead_SchemaTwo_LayersAndBuildTimeBack()
    {
        // Given
        var built = new DateTimeOffset(2026, 12, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var bytes = DbManifest.Write([Layer], built, 2);

        // When
        var (layers, builtAt) = DbManifest.Read(bytes, "database r", 2);

        // Then
        Assert.Equal(built, builtAt);
        var layer = Assert.Single(layers);
        Assert.Equal("application/vnd.drydock.db.feed.columns.v2+zstd", layer.MediaType);
        Assert.True(DbArtifact.IsColumnsLayer(layer.MediaType));
        Assert.Equal("osv.columns", layer.Annotations!["org.opencontainers.image.title"]);
        Assert.Equal("osv", layer.Annotations!["io.drydock.db.feed"]);
        Assert.Equal("2026-12-01T00:00:00.0000000+00:00", layer.Annotations["io.drydock.db.feed.fetched-at"]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"artifactType\":\"application/vnd.drydock.db.v2\"", text, StringComparison.Ordinal);
        Assert.Contains("\"io.drydock.db.feed.osv.fetched-at\":\"2026-12-01T00:00:00.0000000+00:00\"", text, StringComparison.Ordinal);
        Assert.Contains("\"io.drydock.db.layout\":\"owned-details-columns\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteThenRead_OwnedSqliteLayerOfThePreviousPush_AcceptedAsZstd_LayoutOwnedDetails()
    {
        // Given: the manifest the previous drydock pushed (owned details, SQLite files)
        var bytes = DbManifest.Write([SqliteLayer], DateTimeOffset.UnixEpoch, 2);

        // When
        var (layers, _) = DbManifest.Read(bytes, "database r:2", 2);

        // Then
        var layer = Assert.Single(layers);
        Assert.Equal(Drydock.Images.LayerCompression.Zstd, DbArtifact.FeedLayerCompression(layer.MediaType));
        Assert.False(DbArtifact.IsColumnsLayer(layer.MediaType));
        Assert.Equal("osv.db.zst", layer.Annotations!["org.opencontainers.image.title"]);
        Assert.Contains("\"io.drydock.db.layout\":\"owned-details\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZstdLayerOfTheEarlierLayout_Accepted()
    {
        // Given: a manifest of the layout before owned details (each layer with the details of every id its feed names)
        var bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(DbManifest.Write([SqliteLayer], DateTimeOffset.UnixEpoch, 2)).Replace(DbArtifact.FeedLayerMediaType, "application/vnd.drydock.db.feed.v2.sqlite+zstd", StringComparison.Ordinal));

        // When
        var (layers, _) = DbManifest.Read(bytes, "database r:2", 2);

        // Then
        Assert.Equal(Drydock.Images.LayerCompression.Zstd, DbArtifact.FeedLayerCompression(Assert.Single(layers).MediaType));
    }

    [Fact]
    public void Read_SchemaThree_RefusedNamingBothVersions()
    {
        // Given: a database of a newer schema (what a newer drydock would push)
        var bytes = DbManifest.Write([Layer], DateTimeOffset.UnixEpoch, 3);

        // When
        var e = Assert.Throws<DrydockException>(() => DbManifest.Read(bytes, "database r:3", 2));

        // Then
        Assert.Equal("database r:3 holds a database of schema version 3; this drydock reads version 2 (pull the :2 tag, or upgrade drydock)", e.Message);
    }

    [Theory]
    [InlineData("../../etc", "has a layer for a feed named '../../etc', which is not a feed name")]
    [InlineData("Osv Feed", "has a layer for a feed named 'Osv Feed', which is not a feed name")]
    [InlineData("osv", "has more than one layer for feed osv")]
    public void Read_FeedNameNotAFileNameOrTwice_Refused(string second, string expected)
    {
        // Given: a feed name becomes a file name and a line of the pull state
        var bytes = DbManifest.Write([Layer, Layer with { Feed = second }], DateTimeOffset.UnixEpoch, 2);

        // When
        var e = Assert.Throws<DrydockException>(() => DbManifest.Read(bytes, "database r:2", 2));

        // Then
        Assert.Equal("database r:2 " + expected, e.Message);
    }

    [Fact]
    public void Read_GzipLayerOfAnEarlierPush_Accepted()
    {
        // Given: the manifest an earlier drydock pushed, with gzip feed layers
        var bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(DbManifest.Write([SqliteLayer], DateTimeOffset.UnixEpoch, 2)).Replace(DbArtifact.FeedLayerMediaType, DbArtifact.FeedLayerGzipMediaType, StringComparison.Ordinal));

        // When
        var (layers, _) = DbManifest.Read(bytes, "database r:2", 2);

        // Then
        Assert.Equal(Drydock.Images.LayerCompression.Gzip, DbArtifact.FeedLayerCompression(Assert.Single(layers).MediaType));
    }

    [Theory]
    [InlineData("sqlite+xz", "application/vnd.drydock.db.feed.owned.v2.sqlite+xz")]
    [InlineData("sqlite+zstd\\nsecond line", "application/vnd.drydock.db.feed.owned.v2.sqlite+zstd?second line")]
    public void Read_UnknownLayerMediaType_RefusedInOneLineNamingFeedAndType(string replacement, string shown)
    {
        // Given: a layer of a compression this client does not read (or a media type with a line break in it)
        var bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(DbManifest.Write([SqliteLayer], DateTimeOffset.UnixEpoch, 2)).Replace("sqlite+zstd", replacement, StringComparison.Ordinal));

        // When
        var e = Assert.Throws<DrydockException>(() => DbManifest.Read(bytes, "database r:2", 2));

        // Then
        Assert.Equal($"database r:2: the layer of feed osv has media type '{shown}', which this drydock does not read "
            + "(application/vnd.drydock.db.feed.columns.v2+zstd, application/vnd.drydock.db.feed.owned.v2.sqlite+zstd, application/vnd.drydock.db.feed.v2.sqlite+zstd or application/vnd.drydock.db.feed.v2.sqlite+gzip)", e.Message);
        Assert.Equal(ExitCodes.RuntimeError, e.ExitCode);
    }

    [Fact]
    public void Read_ImageManifest_RefusedAsNotADatabase()
    {
        // Given
        var image = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:00","size":2},"layers":[]}"""u8.ToArray();

        // When
        var e = Assert.Throws<DrydockException>(() => DbManifest.Read(image, "database r:2", 2));

        // Then
        Assert.Equal("database r:2 is not a Drydock vulnerability database (artifactType '')", e.Message);
    }

    [Theory]
    [InlineData("registry.example:5000/team/db", "registry.example:5000/team/db:2")]
    [InlineData("registry.example:5000/team/db:nightly", "registry.example:5000/team/db:nightly")]
    public void ParseReference_NoTag_SchemaTag(string text, string expected) =>
        Assert.Equal(expected, DbArtifact.ParseReference(text).ToString());
}
