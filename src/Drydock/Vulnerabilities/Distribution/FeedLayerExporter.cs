using System.Security.Cryptography;
using Drydock.Images;
using Drydock.Vulnerabilities.Database;
using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// Splits a database into one layer per feed: the feed's rows are carried into a database of their own by the same
/// copier that <c>db update</c> uses to keep a feed (<see cref="DatabaseWriter.CopyFeed"/>), the vulnerability details of
/// the ids another feed owns are taken out of it (<see cref="OwnedDetails"/>: each id's details travel once), then written as a
/// columns layer (<see cref="ColumnLayerWriter"/>: each table sorted by primary key, each column a zstd stream) or, for the
/// earlier layout, rewritten table by table in sorted order into a fresh file and zstd-compressed (ZstdSharp at
/// <see cref="DbArtifact.LayerZstdLevel"/>). Either way zstd is ZstdSharp on every machine (the managed encoder, not a
/// native library whose version could change the bytes) and the layer is a function of the feed's rows alone (not of the
/// order they were loaded in), so a feed whose data did not change keeps its digest and a pull skips it.
/// </summary>
internal static class FeedLayerExporter
{
    /// <summary>The columns layers of <paramref name="database"/>, written into <paramref name="workDirectory"/>, in the order of its feed table.</summary>
    public static IReadOnlyList<FeedLayer> Export(string database, string workDirectory, CancellationToken cancellationToken) =>
        Export(database, workDirectory, columns: true, cancellationToken);

    /// <summary>As <see cref="Export(string, string, CancellationToken)"/>; without <paramref name="columns"/>, SQLite layers of the earlier layout.</summary>
    public static IReadOnlyList<FeedLayer> Export(string database, string workDirectory, bool columns, CancellationToken cancellationToken)
    {
        IReadOnlyList<FeedState> feeds;
        using (var store = SqliteAdvisoryStore.Open(database)) feeds = store.Feeds();
        RefuseUnclaimedRows(database);
        var owners = Path.Combine(workDirectory, "owners.db");
        WriteOwners(database, owners);
        var layers = new List<FeedLayer>();
        foreach (var (feed, index) in feeds.Select((f, i) => (f, i)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var raw = Path.Combine(workDirectory, $"{index}.raw.db");
            var sorted = Path.Combine(workDirectory, $"{index}.db");
            var packed = Path.Combine(workDirectory, $"{index}.db.zst");
            using (var writer = DatabaseWriter.Create(raw))
            {
                writer.CopyFeed(database, feed.Name);
                writer.Commit(DateTimeOffset.UnixEpoch); // a layer carries no time of its own: the manifest does
            }
            KeepOwnedDetails(raw, owners, feed.Name);
            if (columns)
            {
                var (digest, size) = ColumnLayerWriter.Write(raw, packed, workDirectory, cancellationToken);
                layers.Add(new FeedLayer(feed.Name, packed, digest, size, feed.FetchedAt, feed.Records));
            }
            else
            {
                Rewrite(raw, sorted);
                var (digest, size) = Compress(sorted, packed);
                File.Delete(sorted);
                layers.Add(new FeedLayer(feed.Name, packed, digest, size, feed.FetchedAt, feed.Records) { MediaType = DbArtifact.FeedLayerMediaType });
            }
            File.Delete(raw);
        }
        File.Delete(owners);
        return layers;
    }

    // Every id's owner, computed once from the whole database (ownership depends on every feed's rows).
    private static void WriteOwners(string database, string owners)
    {
        using var connection = Open(owners);
        Attach(connection, database, "src");
        OwnedDetails.CreateOwnerTable(connection, "main.owner", "src");
        Execute(connection, "DETACH DATABASE src");
    }

    private static void KeepOwnedDetails(string layer, string owners, string feed)
    {
        using var connection = Open(layer);
        Attach(connection, owners, "o");
        OwnedDetails.Delete(connection, "main", "o.owner", feed, owned: false);
        Execute(connection, "DETACH DATABASE o");
    }

    private static SqliteConnection Open(string path)
    {
        var connection = SqliteConnections.Create(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
        return connection;
    }

    private static void Attach(SqliteConnection connection, string path, string name)
    {
        using var attach = connection.CreateCommand();
        attach.CommandText = $"ATTACH DATABASE $p AS {name}";
        attach.Parameters.AddWithValue("$p", path);
        attach.ExecuteNonQuery();
    }

    // A layer holds the rows its feed claims by provenance; rows no feed of the feed table claims would silently
    // vanish from the artifact, so such a database is refused instead.
    private static void RefuseUnclaimedRows(string database)
    {
        using var connection = SqliteConnections.Create(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT data_source, COUNT(*) FROM affected
            WHERE data_source NOT IN (SELECT name FROM feed) AND NOT (data_source LIKE 'osv:%' AND EXISTS (SELECT 1 FROM feed WHERE name = 'osv'))
            GROUP BY data_source ORDER BY data_source LIMIT 5
            """;
        using var reader = cmd.ExecuteReader();
        var unclaimed = new List<string>();
        while (reader.Read()) unclaimed.Add($"{reader.GetString(0)} ({reader.GetInt64(1)} rows)");
        if (unclaimed.Count > 0)
            throw new DrydockException($"{database}: advisory rows of sources that are no feed of the database ({string.Join(", ", unclaimed)}) cannot be carried in a feed layer; rebuild it with 'drydock db update'");
    }

    // Every table in name order, every row in the order of all its columns: the same rows give the same file.
    private static void Rewrite(string source, string target)
    {
        using var connection = Open(target);
        Attach(connection, source, "src");
        var tables = new List<(string Name, string Sql)>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name, sql FROM src.sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, sql) in tables)
        {
            Execute(connection, sql);
            var columns = ColumnCount(connection, name);
            var order = string.Join(',', Enumerable.Range(1, columns));
            Execute(connection, $"INSERT INTO main.\"{name}\" SELECT * FROM src.\"{name}\" ORDER BY {order}");
        }
        Execute(connection, "DETACH DATABASE src");
        connection.Close();
    }

    private static int ColumnCount(SqliteConnection connection, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT * FROM src.\"{table}\" LIMIT 0";
        using var reader = cmd.ExecuteReader();
        return reader.FieldCount;
    }

    private static (Digest Digest, long Size) Compress(string source, string target)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
        using (var hashing = new HashingWriteStream(output, hash))
        using (var zstd = new CompressionStream(hashing, DbArtifact.LayerZstdLevel, leaveOpen: false))
        using (var input = File.OpenRead(source))
        {
            input.CopyTo(zstd);
        }
        return (new Digest("sha256", Convert.ToHexStringLower(hash.GetHashAndReset())), new FileInfo(target).Length);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
