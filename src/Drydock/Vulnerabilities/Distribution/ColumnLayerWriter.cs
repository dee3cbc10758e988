using System.Security.Cryptography;
using System.Text;
using Drydock.Images;
using Microsoft.Data.Sqlite;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// Writes a feed's layer database as a columns layer (docs/db-artifact.md, "Columns layer"): every table of
/// <see cref="ColumnLayerSchema"/> in its order, its rows sorted by primary key, each column its own zstd-compressed stream
/// behind a small header. Only the rows decide the bytes (ZstdSharp, the managed encoder, at
/// <see cref="DbArtifact.ColumnZstdLevel"/> on every machine), so a feed whose rows did not change keeps its digest.
/// </summary>
internal static class ColumnLayerWriter
{
    /// <summary>Writes the layer of <paramref name="database"/> to <paramref name="target"/>; its digest and size.</summary>
    public static (Digest Digest, long Size) Write(string database, string target, string workDirectory, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        using (var output = new HashingWriteStream(file, hash))
        using (var connection = SqliteConnections.Create(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            connection.Open();
            output.Write(ColumnLayerReader.Magic);
            WriteVarint(output, (ulong)ColumnLayerSchema.Tables.Count);
            foreach (var table in ColumnLayerSchema.Tables)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WriteTable(connection, table, output, workDirectory);
            }
        }
        return (new Digest("sha256", Convert.ToHexStringLower(hash.GetHashAndReset())), new FileInfo(target).Length);
    }

    private static void WriteTable(SqliteConnection connection, TableSpec table, Stream output, string workDirectory)
    {
        var raw = table.Columns.Select((_, i) => Path.Combine(workDirectory, $"column-{i}.raw")).ToList();
        var files = raw.Select(p => new FileStream(p, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16)).ToList();
        long rows = 0;
        try
        {
            var writers = table.Columns.Select((c, i) => new ColumnValueWriter(files[i], c.Kind)).ToList();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => Quote(c.Name)))} FROM {Quote(table.Name)} ORDER BY {string.Join(", ", table.Key.Select(Quote))}";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < table.Columns.Count; i++) WriteValue(reader, i, table, writers[i]);
                rows++;
            }
        }
        finally
        {
            foreach (var f in files) f.Dispose();
        }
        WriteString(output, table.Name);
        WriteVarint(output, (ulong)rows);
        WriteVarint(output, (ulong)table.Columns.Count);
        var packed = Path.Combine(workDirectory, "column.zst");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            WriteString(output, column.Name);
            output.WriteByte((byte)column.Kind);
            WriteVarint(output, (ulong)new FileInfo(raw[i]).Length);
            Compress(raw[i], packed);
            WriteVarint(output, (ulong)new FileInfo(packed).Length);
            using (var input = File.OpenRead(packed)) input.CopyTo(output);
            File.Delete(raw[i]);
            File.Delete(packed);
        }
    }

    // A value whose storage class is not the column's (possible in SQLite, never in what db update writes) is refused, not converted.
    private static void WriteValue(SqliteDataReader reader, int i, TableSpec table, ColumnValueWriter writer)
    {
        var column = table.Columns[i];
        if (reader.IsDBNull(i))
        {
            if (!column.Nullable) throw new DrydockException($"{table.Name}.{column.Name} holds a NULL, which the column layer cannot carry; rebuild the database with 'drydock db update'");
            writer.WriteNull();
            return;
        }
        var type = reader.GetFieldType(i);
        switch (column.Kind)
        {
            case ColumnKind.Text when type == typeof(string):
                writer.WriteText(reader.GetString(i));
                return;
            case ColumnKind.Integer when type == typeof(long):
                writer.WriteInteger(reader.GetInt64(i));
                return;
            case ColumnKind.Real when type == typeof(double) || type == typeof(long):
                writer.WriteReal(reader.GetDouble(i));
                return;
            default:
                throw new DrydockException($"{table.Name}.{column.Name} holds a value of type {type.Name}, which the column layer cannot carry; rebuild the database with 'drydock db update'");
        }
    }

    private static void Compress(string source, string target)
    {
        using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var zstd = new CompressionStream(output, DbArtifact.ColumnZstdLevel, leaveOpen: true);
        var size = new FileInfo(source).Length;
        // Workers only for a large stream: zstd's output is the same for any number of workers from 1 up, so the digest
        // does not depend on the machine's cores (zstd.h, ZSTD_c_nbWorkers).
        if (size >= DbArtifact.ColumnWorkersFrom) zstd.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, DbArtifact.ColumnZstdWorkers);
        zstd.SetPledgedSrcSize((ulong)size);
        using var input = File.OpenRead(source);
        input.CopyTo(zstd);
    }

    private static string Quote(string name) => "\"" + name + "\"";

    internal static void WriteString(Stream output, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteVarint(output, (ulong)bytes.Length);
        output.Write(bytes);
    }

    internal static void WriteVarint(Stream output, ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        output.Write(buffer[..ColumnValueWriter.EncodeVarint(value, buffer)]);
    }
}
