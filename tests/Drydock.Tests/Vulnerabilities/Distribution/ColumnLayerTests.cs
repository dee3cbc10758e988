using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Distribution;
using Microsoft.Data.Sqlite;
using ZstdSharp;

namespace Drydock.Tests.Vulnerabilities.Distribution;

/// <summary>Columns layers: the same rows back, table by table; the fixed table list is the schema's; a hostile layer is refused in one line.</summary>
public sealed class ColumnLayerTests
{
    private const long Limit = 64L << 20;

    [Fact]
    public void WriteThenRead_EdgeValues_EveryTableIdenticalRowForRow()
    {
        // Given: a database of the schema with NULLs, repeats, empty and non-ASCII text, negative and large integers, reals
        using var db = TestDatabase.Empty();
        ArtifactDatabase.BuildShared(db.Path, "described");
        Execute(db.Path, """
            INSERT INTO vulnerability VALUES ('CVE-1', NULL, '', 'ünïcødé ✓', NULL), ('CVE-2', 't', 't', 't', 't');
            INSERT INTO cvss VALUES ('CVE-1', 'nvd', '2.0', 'AV:N', NULL, -3), ('CVE-1', 'nvd', '3.1', 'AV:L', 0.1, 9223372036854775807),
                ('CVE-2', 'ghsa', '3.1', 'AV:L', -2.5, -9223372036854775808);
            INSERT INTO affected VALUES ('npm', 'a', 5, 'CVE-1', 'semver', NULL, '1', NULL, NULL, '["1","2"]', 'fixed', NULL, 2, NULL, 'osv:npm'),
                ('npm', 'a', 2, 'CVE-1', 'semver', NULL, '1', NULL, NULL, NULL, 'fixed', 'x', -7, 'nvd', 'osv:npm');
            INSERT INTO os_lifecycle VALUES ('debian:12', '2028-06-30', NULL, '12.8', 'endoflife');
            INSERT INTO product_cpe VALUES ('repo', 'rhel-9', 'cpe:/o:redhat:enterprise_linux:9');
            """);
        var layer = Path.Combine(db.Directory, "layer");
        var read = Path.Combine(db.Directory, "read.db");

        // When
        ColumnLayerWriter.Write(db.Path, layer, db.Directory, CancellationToken.None);
        ColumnLayerReader.Read(layer, read, "osv", Limit, CancellationToken.None);

        // Then: every carried table, every column (seq included), in key order
        Assert.Equal(Dump(db.Path), Dump(read));
        Assert.Equal("cvss|SCVE-2|Sghsa|S3.1|SAV:L|-2.5|I-9223372036854775808", Assert.Single(Dump(read), r => r.StartsWith("cvss|SCVE-2|", StringComparison.Ordinal)));
        Assert.True(DatabaseSchemaCheckMatches(read));
    }

    [Fact]
    public void Tables_AreTheDatabaseSchemasTables_SameColumnsTypesNullabilityAndKeys()
    {
        // Given: a database of the schema as db update writes it
        using var db = TestDatabase.Empty();
        using (var writer = DatabaseWriter.Create(db.Path)) writer.Commit(DateTimeOffset.UnixEpoch);
        using var c = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        c.Open();

        // When: its tables and each table's columns as SQLite declares them (a key column is never NULL in what db update
        // writes, though a rowid table's TEXT PRIMARY KEY does not say NOT NULL)
        var tables = Strings(c, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name");

        // Then
        Assert.Equal(tables, ColumnLayerSchema.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var table in ColumnLayerSchema.Tables)
        {
            var declared = Strings(c, $"SELECT name || ' ' || type || ' ' || (\"notnull\" OR pk > 0) FROM pragma_table_info('{table.Name}') ORDER BY cid");
            var expected = table.Columns.Select(col => $"{col.Name} {col.Kind.ToString().ToUpperInvariant()} {(col.Nullable ? 0 : 1)}");
            Assert.Equal(expected, declared);
            Assert.Equal(table.Key, Strings(c, $"SELECT name FROM pragma_table_info('{table.Name}') WHERE pk > 0 ORDER BY pk"));
        }
    }

    [Fact]
    public void Read_UnknownTable_RefusedNamingIt()
    {
        var e = Refused(new LayerBytes().Tables(1).Table("secrets", 0, 0).Bytes());
        Assert.Equal("the layer of feed osv has a table 'secrets', which is no table of the database schema", e.Message);
    }

    [Fact]
    public void Read_UnknownColumn_RefusedNamingIt()
    {
        var e = Refused(new LayerBytes().Tables(1).Table("meta", 0, 2).Column("key", 1, [], 0).Column("sql", 1, [], 0).Bytes());
        Assert.Equal("the layer of feed osv has a column 'sql' where table meta has value", e.Message);
    }

    [Fact]
    public void Read_TableTwice_Refused()
    {
        var e = Refused(new LayerBytes().Tables(2).Table("meta", 0, 2).Column("key", 1, [], 0).Column("value", 1, [], 0)
            .Table("meta", 0, 2).Bytes());
        Assert.Equal("the layer of feed osv has table meta out of order or twice", e.Message);
    }

    [Fact]
    public void Read_MoreTablesThanTheSchemaHas_RefusedBeforeReadingThem()
    {
        var e = Refused(new LayerBytes().Tables(1_000_000).Bytes());
        Assert.Equal($"the layer of feed osv declares 1000000 tables; at most {ColumnLayerSchema.Tables.Count} exist", e.Message);
    }

    [Fact]
    public void Read_TruncatedLayer_Refused()
    {
        // Given: a real layer, cut in the middle of its last stream
        using var db = TestDatabase.Empty();
        ArtifactDatabase.BuildShared(db.Path, "described");
        var layer = Path.Combine(db.Directory, "layer");
        ColumnLayerWriter.Write(db.Path, layer, db.Directory, CancellationToken.None);
        var bytes = File.ReadAllBytes(layer);

        // When
        var e = Refused(bytes[..^3]);

        // Then
        Assert.StartsWith("the layer of feed osv is truncated: affected.data_source declares ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StreamShorterThanItsRowsNeed_RefusedAsTruncated()
    {
        // Given: two rows declared, a key stream of one value (three bytes) and a value stream of two
        var e = Refused(new LayerBytes().Tables(1).Table("meta", 2, 2).Column("key", 1, [3, (byte)'a'], null).Column("value", 1, [2, 2], null).Bytes());
        Assert.Equal("the layer of feed osv: column meta.key ends after 2 of its 2 bytes", e.Message);
    }

    [Fact]
    public void Read_StreamWithBytesAfterItsRows_Refused()
    {
        var e = Refused(new LayerBytes().Tables(1).Table("meta", 1, 2).Column("key", 1, [3, (byte)'a', 0], null).Column("value", 1, [2], null).Bytes());
        Assert.Equal("the layer of feed osv: column meta.key has 1 bytes more than its rows", e.Message);
    }

    [Fact]
    public void Read_StreamDecompressingPastItsDeclaredSize_Refused()
    {
        // Given: a key stream that declares 3 bytes and decompresses to 4 MiB
        var e = Refused(new LayerBytes().Tables(1).Table("meta", 1, 2).Column("key", 1, new byte[4 << 20], 3).Bytes());
        Assert.Equal("the layer of feed osv: column meta.key decompresses to more than the 3 bytes it declares; refused", e.Message);
    }

    [Fact]
    public void Read_DeclaredSizesPastTheLimit_RefusedAsABomb()
    {
        var e = Refused(new LayerBytes().Tables(1).Table("meta", 1, 2).Column("key", 1, [2], Limit + 1).Bytes());
        Assert.Equal($"the layer of feed osv unpacks to more than {Limit} bytes; refused", e.Message);
    }

    [Fact]
    public void Read_RepeatTagsPastTheLimit_RefusedAsABomb()
    {
        // Given: one 1 MiB value, then 100 rows repeating it (one byte each): 100 MiB of values from a few hundred bytes
        var key = new List<byte>();
        for (var i = 0; i < 101; i++) key.AddRange(Varint((ulong)i + 2));
        var description = new List<byte>(Varint((1 << 20) + 2));
        description.AddRange(new byte[1 << 20]);
        description.AddRange(Enumerable.Repeat((byte)1, 100));
        var bytes = new LayerBytes().Tables(1).Table("vulnerability", 101, 5).Column("id", 1, [.. TextIds(101)], null)
            .Column("title", 1, new byte[101], null).Column("description", 1, [.. description], null)
            .Column("published", 1, new byte[101], null).Column("modified", 1, new byte[101], null).Bytes();

        // When
        var e = Refused(bytes);

        // Then
        Assert.Equal($"the layer of feed osv unpacks to more than {Limit} bytes of values; refused", e.Message);
    }

    [Fact]
    public void Read_RowsMoreThanTheStreamsBytes_RefusedBeforeDecompressing()
    {
        var e = Refused(new LayerBytes().Tables(1).Table("meta", 1_000_000_000, 2).Column("key", 1, [2], null).Bytes());
        Assert.Equal("the layer of feed osv declares 1000000000 rows of table meta in a key stream of 1 bytes", e.Message);
    }

    [Fact]
    public void Read_NotAColumnsLayer_Refused()
    {
        var e = Refused("SQLite format 3\0"u8.ToArray());
        Assert.Equal("the layer of feed osv is not a columns layer (its first bytes are not DDCOLS1)", e.Message);
    }

    [Fact]
    public void Read_StreamNotZstd_Refused()
    {
        var bytes = new LayerBytes().Tables(1).Table("meta", 1, 2).RawColumn("key", 1, 2, [1, 2, 3, 4]).Bytes();
        var e = Refused(bytes);
        Assert.StartsWith("the layer of feed osv: column meta.key is not valid zstd (", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assemble_HostileColumnsLayerOverAnInstalledDatabase_RefusedAndTheInstalledOneKept()
    {
        // Given: an installed database, and a layer naming an unknown table
        using var db = TestDatabase.Empty();
        ArtifactDatabase.Build(db.Path, "CVE-2021-1");
        var before = ArtifactDatabase.Rows(db.Path);
        var layer = Path.Combine(db.Directory, "hostile");
        File.WriteAllBytes(layer, new LayerBytes().Tables(1).Table("sqlite_master", 0, 0).Bytes());

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => DatabaseAssembler.AssembleAsync(db.Path,
            [new PulledLayer("osv", layer, Drydock.Images.Digest.Sha256("x"u8), Drydock.Images.LayerCompression.Zstd) { Columns = true }],
            ArtifactDatabase.Built, null, CancellationToken.None));

        // Then
        Assert.Equal(3, e.ExitCode);
        Assert.Equal("the layer of feed osv has a table 'sqlite_master', which is no table of the database schema", e.Message);
        Assert.Equal(before, ArtifactDatabase.Rows(db.Path));
    }

    private static DrydockException Refused(byte[] layer)
    {
        using var db = TestDatabase.Empty();
        var path = Path.Combine(db.Directory, "layer");
        File.WriteAllBytes(path, layer);
        return Assert.Throws<DrydockException>(() => ColumnLayerReader.Read(path, Path.Combine(db.Directory, "read.db"), "osv", Limit, CancellationToken.None));
    }

    private static IEnumerable<byte> TextIds(int n)
    {
        for (var i = 0; i < n; i++)
        {
            var id = System.Text.Encoding.ASCII.GetBytes("CVE-" + i);
            foreach (var b in Varint((ulong)id.Length + 2)) yield return b;
            foreach (var b in id) yield return b;
        }
    }

    private static byte[] Varint(ulong value)
    {
        var buffer = new byte[10];
        return buffer[..ColumnValueWriter.EncodeVarint(value, buffer)];
    }

    /// <summary>A columns layer written by hand, header field by header field, to say what a hostile one may say.</summary>
    private sealed class LayerBytes
    {
        private readonly List<byte> _bytes = [.. ColumnLayerReader.Magic];

        public LayerBytes Tables(int n) => Add(s => ColumnLayerWriter.WriteVarint(s, (ulong)n));

        public LayerBytes Table(string name, long rows, int columns) => Add(s =>
        {
            ColumnLayerWriter.WriteString(s, name);
            ColumnLayerWriter.WriteVarint(s, (ulong)rows);
            ColumnLayerWriter.WriteVarint(s, (ulong)columns);
        });

        // The stream zstd-compressed; its declared size is the real one unless given.
        public LayerBytes Column(string name, byte kind, byte[] stream, long? declared) =>
            RawColumn(name, kind, declared ?? stream.Length, new Compressor(3).Wrap(stream).ToArray());

        public LayerBytes RawColumn(string name, byte kind, long declared, byte[] compressed) => Add(s =>
        {
            ColumnLayerWriter.WriteString(s, name);
            s.WriteByte(kind);
            ColumnLayerWriter.WriteVarint(s, (ulong)declared);
            ColumnLayerWriter.WriteVarint(s, (ulong)compressed.Length);
            s.Write(compressed);
        });

        public byte[] Bytes() => [.. _bytes];

        private LayerBytes Add(Action<Stream> write)
        {
            using var stream = new MemoryStream();
            write(stream);
            _bytes.AddRange(stream.ToArray());
            return this;
        }
    }

    private static bool DatabaseSchemaCheckMatches(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return DatabaseSchemaCheck.Matches(c);
    }

    // Every carried table, every column, in primary-key order, as text with types: row for row.
    private static List<string> Dump(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        c.Open();
        var rows = new List<string>();
        foreach (var table in ColumnLayerSchema.Tables)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table.Name}\" ORDER BY {string.Join(", ", table.Key.Select(k => "\"" + k + "\""))}";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                rows.Add(table.Name + "|" + string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL"
                    : r.GetFieldType(i) == typeof(double) ? r.GetDouble(i).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                    : r.GetFieldType(i).Name[0] + Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
        }
        return rows;
    }

    private static List<string> Strings(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    private static void Execute(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
