using Drydock.Images;
using Drydock.Images.Layers.Inflate;
using Drydock.Vulnerabilities.Database;
using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// Builds the database from feed layers (zstd or gzip, as their media type says), each unpacked bounded (a layer may not grow beyond <see cref="MaxRatio"/> times
/// its compressed size nor beyond <see cref="MaxLayerBytes"/>). When the installed database is the one the last pull
/// recorded (<see cref="DbPullState"/>: same build time, its layers known) and has this version's schema, only the feeds
/// whose layer changed (or went away) are replaced in a copy of it (first the details they own, <see cref="OwnedDetails"/>,
/// then their rows); otherwise the largest layer, whose file already is a
/// database of the schema with its feed's rows clustered, becomes the new database and the other layers' rows are copied
/// into it (<see cref="DatabaseWriter.CopyFeed"/>); a layer of another shape falls back to a fresh build. The result is
/// committed with the artifact's build time and renamed over the old file: readers see the old file or the new one,
/// never half of either, and a crash leaves the old one.
/// </summary>
internal static class DatabaseAssembler
{
    public const long MaxRatio = 200;
    public const long MaxLayerBytes = 16L << 30;

    /// <summary>Installs the database of <paramref name="layers"/>; returns how many feeds were written (all of them, unless only changed ones were replaced).</summary>
    public static async Task<int> AssembleAsync(string databasePath, IReadOnlyList<PulledLayer> layers, DateTimeOffset builtAt,
        DbPullState? installed, CancellationToken cancellationToken)
    {
        var work = DrydockTemp.NewPath("db-assemble-");
        Directory.CreateDirectory(work);
        try
        {
            if (installed is { BuiltAt: { } built, Layers.Count: > 0 } && InstalledBuiltAt(databasePath) == built)
            {
                var changed = layers.Where(l => installed.Layers.GetValueOrDefault(l.Feed) != l.Digest).ToList();
                var removed = installed.Layers.Keys.Where(f => layers.All(l => l.Feed != f)).ToList();
                using var edit = DatabaseWriter.TryEdit(databasePath, databasePath, moveBase: false);
                if (edit is not null)
                {
                    // The details the replaced feeds own go first (ownership as installed), so the new layers' details replace them.
                    var replaced = removed.Concat(changed.Select(l => l.Feed)).ToList();
                    edit.RemoveOwnedDetails(replaced);
                    foreach (var feed in replaced) edit.RemoveFeed(feed);
                    foreach (var layer in changed)
                    {
                        var feed = layer.Feed;
                        var path = Path.Combine(work, feed + ".db");
                        await UnpackAsync(layer, path, cancellationToken);
                        edit.CopyFeed(path, feed);
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                    edit.Commit(builtAt);
                    return changed.Count;
                }
            }
            var unpacked = new List<(string Feed, string Path, long Size)>();
            foreach (var layer in layers)
            {
                var path = Path.Combine(work, unpacked.Count + ".db");
                await UnpackAsync(layer, path, cancellationToken);
                unpacked.Add((layer.Feed, path, new FileInfo(path).Length));
            }
            var largest = unpacked.Count > 0 ? unpacked.MaxBy(u => u.Size).Path : null;
            var based = largest is null ? null : DatabaseWriter.TryEdit(databasePath, largest, moveBase: true);
            using var writer = based ?? DatabaseWriter.Create(databasePath);
            foreach (var (feed, path, _) in unpacked)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (based is null || path != largest) writer.CopyFeed(path, feed);
            }
            writer.Commit(builtAt);
            return unpacked.Count;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The build time of the database at <paramref name="databasePath"/>, or null when it is missing or unreadable.</summary>
    public static DateTimeOffset? InstalledBuiltAt(string databasePath)
    {
        if (!File.Exists(databasePath)) return null;
        try
        {
            using var store = SqliteAdvisoryStore.Open(databasePath);
            return store.BuiltAt;
        }
        catch (Exception e) when (e is DrydockException or SqliteException)
        {
            return null;
        }
    }

    // The same bounds for every layer type: a hostile layer cannot unpack past MaxRatio times its size nor MaxLayerBytes
    // (a columns layer: its streams together).
    private static async Task UnpackAsync(PulledLayer layer, string target, CancellationToken cancellationToken)
    {
        var feed = layer.Feed;
        var limit = Math.Min(MaxLayerBytes, Math.Max(1L << 20, new FileInfo(layer.Path).Length * MaxRatio));
        if (layer.Columns)
        {
            ColumnLayerReader.Read(layer.Path, target, feed, limit, cancellationToken);
            return;
        }
        var file = File.OpenRead(layer.Path);
        await using var input = layer.Compression == LayerCompression.Zstd ? ZstdDecode.Open(file) : GzipInflate.Open(file);
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        try
        {
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > limit) throw new DrydockException($"the layer of feed {feed} unpacks to more than {limit} bytes; refused");
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdException)
        {
            throw new DrydockException($"the layer of feed {feed} is not valid {(layer.Compression == LayerCompression.Zstd ? "zstd" : "gzip")} ({e.Message})");
        }
    }
}

/// <summary>
/// A downloaded feed layer: its feed, the blob's path, its digest and the compression its media type declared; with
/// <see cref="Columns"/>, a columns layer (its streams zstd), else a compressed SQLite file.
/// </summary>
internal sealed record PulledLayer(string Feed, string Path, Digest Digest, LayerCompression Compression)
{
    public bool Columns { get; init; }
}
