using Microsoft.Data.Sqlite;

namespace Drydock.Scanning.Cache;

/// <summary>
/// The layer analysis cache: what one layer yielded (its entries and declared file contents), keyed by the layer's
/// diff id and format (<see cref="CacheKeys.LayerKey"/>); the record says which interests it was read for, and the
/// scanner uses it only for a request it covers, so a re-scan of known layers reads no layer. SQLite in WAL mode: many drydock processes read and write at once; writers wait on each other through
/// SQLite's busy timeout rather than a global lock. Bounded: after a write the least recently used entries are
/// evicted until the total is under <see cref="MaxBytes"/>.
/// </summary>
public sealed class LayerCache : ILayerRecordCache
{
    private readonly SqliteConnection _db;
    private readonly TimeProvider _time;

    /// <summary>Opens (or creates) the cache at <paramref name="path"/>; use stamps come from <paramref name="time"/> (default the system clock).</summary>
    public LayerCache(string path, long maxBytes, TimeProvider? time = null)
    {
        MaxBytes = maxBytes;
        _time = time ?? TimeProvider.System;
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _db = SqliteConnections.Create(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 120 }.ToString());
        try
        {
            _db.Open();
            Execute("PRAGMA busy_timeout = 120000;");
            Execute("PRAGMA journal_mode = WAL;");
            Execute("PRAGMA synchronous = NORMAL;");
            Execute("CREATE TABLE IF NOT EXISTS layer (key TEXT PRIMARY KEY, data BLOB NOT NULL, size INTEGER NOT NULL, last_used INTEGER NOT NULL);");
            Execute("CREATE INDEX IF NOT EXISTS layer_lru ON layer(last_used);");
        }
        catch (SqliteException e)
        {
            _db.Dispose();
            throw new DrydockException($"layer cache '{path}' cannot be opened: {e.Message} (remove it or run 'drydock cache clean')");
        }
    }

    public static string DefaultPath => System.IO.Path.Combine(CacheDirectory.Root, "layers.db");

    public const long DefaultMaxBytes = 1L << 30;

    public string Path { get; }

    public long MaxBytes { get; }

    // Records move through SQLite's incremental blob I/O: as a bound parameter or a column value a record of a layer
    // with a million files (8 MB of path hashes) would be copied whole by SQLite once more, besides the managed array.
    public byte[]? TryGet(string key)
    {
        byte[] data;
        using (var tx = _db.BeginTransaction(deferred: true))
        {
            using var cmd = _db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT rowid, length(data) FROM layer WHERE key = $k";
            cmd.Parameters.AddWithValue("$k", key);
            using (var r = cmd.ExecuteReader())
            {
                if (!r.Read()) return null;
                var (rowid, length) = (r.GetInt64(0), r.GetInt64(1));
                if (length > MaxBytes) return null;
                data = new byte[length];
                using var blob = new SqliteBlob(_db, "layer", "data", rowid, readOnly: true);
                blob.ReadExactly(data);
            }
            tx.Commit();
        }
        using var touch = _db.CreateCommand();
        touch.CommandText = "UPDATE layer SET last_used = $t WHERE key = $k";
        touch.Parameters.AddWithValue("$t", UseStamp());
        touch.Parameters.AddWithValue("$k", key);
        touch.ExecuteNonQuery();
        return data;
    }

    public void Put(string key, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Put(key, data.LongLength, blob => blob.Write(data));
    }

    // A large record arrives in chunks and goes into the blob chunk by chunk: never one array (issue 18).
    public void Put(string key, RecordBufferStream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Put(key, data.Length, blob =>
        {
            foreach (var chunk in data.Chunks) blob.Write(chunk.Span);
        });
    }

    private void Put(string key, long length, Action<SqliteBlob> write)
    {
        if (length > MaxBytes) return;
        using var tx = _db.BeginTransaction();
        long rowid;
        using (var cmd = _db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR REPLACE INTO layer (key, data, size, last_used) VALUES ($k, zeroblob($s), $s, $t); SELECT last_insert_rowid();";
            cmd.Parameters.AddWithValue("$k", key);
            cmd.Parameters.AddWithValue("$s", length);
            cmd.Parameters.AddWithValue("$t", UseStamp());
            rowid = (long)cmd.ExecuteScalar()!;
        }
        using (var blob = new SqliteBlob(_db, "layer", "data", rowid))
            write(blob);
        Evict(tx);
        tx.Commit();
    }

    /// <summary>Entry count and total bytes.</summary>
    public (long Entries, long Bytes) Stats()
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM layer";
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>Removes every entry and gives the space back.</summary>
    public void Clean()
    {
        Execute("DELETE FROM layer;");
        Execute("VACUUM;");
    }

    private void Evict(SqliteTransaction tx)
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        // Delete the oldest entries whose running total (newest first) goes past the bound.
        cmd.CommandText = """
            DELETE FROM layer WHERE key IN (
              SELECT key FROM (
                SELECT key, SUM(size) OVER (ORDER BY last_used DESC, key) AS running FROM layer
              ) WHERE running > $max)
            """;
        cmd.Parameters.AddWithValue("$max", MaxBytes);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Monotonic-enough use stamp across processes: wall-clock ticks (only the order matters).</summary>
    private long UseStamp() => _time.GetUtcNow().UtcTicks;

    private void Execute(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();
}
