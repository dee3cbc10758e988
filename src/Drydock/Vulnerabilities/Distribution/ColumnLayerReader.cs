using System.Text;
using Drydock.Images.Layers.Inflate;
using Drydock.Images.Sources.Archives;
using Drydock.Vulnerabilities.Database;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using ZstdSharp;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// Reads a columns layer (docs/db-artifact.md, "Columns layer") into a SQLite file of the database schema, the same rows
/// the pushing database's layer held. The layer is untrusted: tables and columns must be those of
/// <see cref="ColumnLayerSchema"/>, in its order, each once; every declared count and length is checked against the bytes
/// that remain; the streams together may not decompress past the caller's limit (a decompression bomb), and each must
/// decompress to exactly the size it declares; a value may not exceed <see cref="MaxValueBytes"/>. Any of these fails with
/// one line naming the feed (a <see cref="DrydockException"/>: exit 3, the installed database kept).
/// </summary>
internal static class ColumnLayerReader
{
    /// <summary>The first eight bytes of a columns layer: <c>DDCOLS1\n</c> (1 = the container's version).</summary>
    public static ReadOnlySpan<byte> Magic => "DDCOLS1\n"u8;

    /// <summary>The longest single value (a description, a URL) a stream may declare.</summary>
    public const int MaxValueBytes = 16 << 20;

    /// <summary>The longest table or column name.</summary>
    public const int MaxNameBytes = 64;

    /// <summary>Writes the rows of the layer at <paramref name="layer"/> into a new database at <paramref name="target"/>.</summary>
    public static void Read(string layer, string target, string feed, long maxBytes, CancellationToken cancellationToken)
    {
        var what = $"the layer of feed {feed}";
        using (var empty = DatabaseWriter.Create(target)) empty.Commit(DateTimeOffset.UnixEpoch);
        var work = target + ".columns";
        Directory.CreateDirectory(work);
        try
        {
            using var header = new LayerHeader(layer, what);
            header.ExpectMagic(Magic);
            var tables = header.Count(ColumnLayerSchema.Tables.Count, "tables");
            using var connection = SqliteConnections.Create(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;");
            using var transaction = connection.BeginTransaction();
            Execute(connection, "DELETE FROM meta", transaction);
            var previous = -1;
            long unpacked = 0, produced = 0;
            for (var t = 0; t < tables; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = header.Name();
                var index = Index(name);
                if (index < 0) throw new DrydockException($"{what} has a table '{Printable(name)}', which is no table of the database schema");
                if (index <= previous) throw new DrydockException($"{what} has table {name} out of order or twice");
                previous = index;
                var table = ColumnLayerSchema.Tables[index];
                var rows = header.Varint("row count");
                var columns = header.Count(table.Columns.Count, $"columns of table {name}");
                if (columns != table.Columns.Count) throw new DrydockException($"{what} declares {columns} columns for table {name}, which has {table.Columns.Count}");
                var streams = new List<(string Path, long Length)>();
                foreach (var column in table.Columns)
                {
                    var columnName = header.Name();
                    if (columnName != column.Name) throw new DrydockException($"{what} has a column '{Printable(columnName)}' where table {name} has {column.Name}");
                    var kind = header.Byte();
                    if (kind != (byte)column.Kind) throw new DrydockException($"{what} declares column {name}.{column.Name} of kind {kind}, not {(byte)column.Kind}");
                    var length = header.Varint($"size of {name}.{column.Name}");
                    // Every row takes at least one byte of every column's stream.
                    if (rows > length) throw new DrydockException($"{what} declares {rows} rows of table {name} in a {column.Name} stream of {length} bytes");
                    unpacked += length;
                    if (unpacked > maxBytes) throw new DrydockException($"{what} unpacks to more than {maxBytes} bytes; refused");
                    var compressed = header.Varint($"compressed size of {name}.{column.Name}");
                    if (compressed > header.Remaining) throw new DrydockException($"{what} is truncated: {name}.{column.Name} declares {compressed} bytes, {header.Remaining} remain");
                    var path = Path.Combine(work, streams.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Unpack(layer, header.Position, compressed, path, length, $"{what}: column {name}.{column.Name}", cancellationToken);
                    header.Skip(compressed);
                    streams.Add((path, length));
                }
                produced = Insert(connection, table, rows, streams, produced, maxBytes, what, cancellationToken);
                foreach (var (path, _) in streams) File.Delete(path);
            }
            if (header.Remaining != 0) throw new DrydockException($"{what} has {header.Remaining} bytes after its last table");
            transaction.Commit();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int Index(string name)
    {
        for (var i = 0; i < ColumnLayerSchema.Tables.Count; i++)
            if (ColumnLayerSchema.Tables[i].Name == name) return i;
        return -1;
    }

    // One stream, decompressed into a file of exactly its declared size: more is a bomb or a lie, less is truncation.
    private static void Unpack(string layer, long offset, long compressed, string target, long length, string what, CancellationToken cancellationToken)
    {
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[1 << 16];
        long total = 0;
        try
        {
            using var input = ZstdDecode.Open(new FileRangeStream(layer, offset, compressed));
            int read;
            while ((read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, length - total + 1))) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += read;
                if (total > length) throw new DrydockException($"{what} decompresses to more than the {length} bytes it declares; refused");
                output.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdException)
        {
            throw new DrydockException($"{what} is not valid zstd ({e.Message})");
        }
        if (total != length) throw new DrydockException($"{what} is truncated: it decompresses to {total} of the {length} bytes it declares");
    }

    // The rows, inserted in the order the streams give them; the values' bytes (a repeated value counted again, as the
    // database stores it again) may not pass the layer's limit: a few bytes of repeat tags cannot become gigabytes of rows.
    private static long Insert(SqliteConnection connection, TableSpec table, long rows,
        List<(string Path, long Length)> streams, long produced, long maxBytes, string layer, CancellationToken cancellationToken)
    {
        var what = $"{layer}: column {table.Name}.";
        var readers = streams.Select((s, i) => new ColumnValueReader(
            new FileStream(s.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1), s.Length, what + table.Columns[i].Name)).ToList();
        var rc = raw.sqlite3_prepare_v2(connection.Handle, $"INSERT INTO \"{table.Name}\" VALUES ({string.Join(", ", table.Columns.Select(_ => "?"))})", out var insert);
        try
        {
            Check(connection, rc);
            // Straight through SQLite's statement API: the UTF-8 bytes of the stream are bound as they are, and a repeated
            // value is not bound again (a binding outlives sqlite3_reset).
            for (long row = 0; row < rows; row++)
            {
                if ((row & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    var column = table.Columns[i];
                    var index = i + 1;
                    switch (column.Kind)
                    {
                        case ColumnKind.Text:
                            var text = readers[i].ReadText(out var value);
                            if (text == TextValue.Null && !column.Nullable) throw new DrydockException($"{what}{column.Name} has a NULL in a column that has none");
                            if (text == TextValue.Value) Check(connection, raw.sqlite3_bind_text(insert, index, value));
                            else if (text == TextValue.Null) Check(connection, raw.sqlite3_bind_null(insert, index));
                            break;
                        case ColumnKind.Integer:
                            Check(connection, raw.sqlite3_bind_int64(insert, index, readers[i].ReadInteger()));
                            break;
                        default:
                            Check(connection, readers[i].ReadReal() is { } real ? raw.sqlite3_bind_double(insert, index, real) : raw.sqlite3_bind_null(insert, index));
                            break;
                    }
                }
                if (Produced(readers, produced) > maxBytes) throw new DrydockException($"{layer} unpacks to more than {maxBytes} bytes of values; refused");
                Check(connection, raw.sqlite3_step(insert), raw.SQLITE_DONE);
                raw.sqlite3_reset(insert);
            }
            foreach (var reader in readers) reader.CheckEnd();
            return Produced(readers, produced);
        }
        finally
        {
            insert.Dispose();
            foreach (var reader in readers) reader.Dispose();
        }
    }

    // A result code other than the one expected is SQLite's error, with its message.
    private static void Check(SqliteConnection connection, int rc, int expected = raw.SQLITE_OK)
    {
        if (rc != expected) throw new SqliteException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), rc);
    }

    private static long Produced(List<ColumnValueReader> readers, long before)
    {
        foreach (var reader in readers) before += reader.Produced;
        return before;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    // A name from the layer is untrusted text: at most 64 characters of it, control characters as '?', so the error stays one line.
    private static string Printable(string text) => new([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

    /// <summary>The layer's header fields, read in place from its file with the bytes that remain always known.</summary>
    private sealed class LayerHeader(string path, string what) : IDisposable
    {
        private readonly FileStream _file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);

        public long Position => _file.Position;

        public long Remaining => _file.Length - _file.Position;

        public void ExpectMagic(ReadOnlySpan<byte> magic)
        {
            Span<byte> head = stackalloc byte[magic.Length];
            if (_file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) != head.Length || !head.SequenceEqual(magic))
                throw new DrydockException($"{what} is not a columns layer (its first bytes are not {Encoding.ASCII.GetString(magic).TrimEnd('\n')})");
        }

        public void Skip(long bytes) => _file.Seek(bytes, SeekOrigin.Current);

        public byte Byte()
        {
            var b = _file.ReadByte();
            return b < 0 ? throw new DrydockException($"{what} is truncated: its header ends early") : (byte)b;
        }

        public long Varint(string field)
        {
            ulong value = 0;
            for (var shift = 0; shift < 63; shift += 7)
            {
                var b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value <= long.MaxValue ? (long)value : throw Bad(field);
            }
            throw Bad(field);
        }

        public int Count(int max, string field)
        {
            var n = Varint(field);
            return n <= max ? (int)n : throw new DrydockException($"{what} declares {n} {field}; at most {max} exist");
        }

        public string Name()
        {
            var n = Varint("name length");
            if (n > MaxNameBytes || n > Remaining) throw new DrydockException($"{what} declares a name of {n} bytes (at most {MaxNameBytes}, {Remaining} remain)");
            var bytes = new byte[n];
            _file.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }

        private DrydockException Bad(string field) => new($"{what} has an invalid {field} (a varint past 63 bits)");

        public void Dispose() => _file.Dispose();
    }
}
