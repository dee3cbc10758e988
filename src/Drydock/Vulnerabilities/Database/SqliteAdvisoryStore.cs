using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Drydock.Model;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;
using Drydock.Vulnerabilities.Store;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// The database opened read-only. Opening reads only the <c>meta</c> table; each lookup is one indexed query. Lookups
/// share one read-only connection and its prepared statements (a lock makes them safe for concurrent callers); other
/// processes read the same file at the same time, and an update is written beside it and renamed over it. Connections
/// are not pooled (<c>Pooling=False</c>): disposing the store closes its file, and other users' pools are left alone.
/// </summary>
public sealed class SqliteAdvisoryStore : IAdvisoryStore, IReleaseLifecycleSource, IDisposable
{
    private readonly string _connectionString;
    private readonly Lock _lock = new();
    private SqliteConnection? _shared;
    private sqlite3_stmt? _affected;
    private readonly Utf8StringCache _schemes = new();
    private readonly Utf8StringCache _statuses = new();
    private readonly Utf8StringCache _sources = new();
    private SqliteCommand? _productCpes;
    private bool? _hasNamespaceSources;

    private SqliteAdvisoryStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
    }

    public string Path { get; }

    public DateTimeOffset? BuiltAt { get; private set; }

    /// <summary>Opens <paramref name="path"/>; a missing file or another schema version is a <see cref="DrydockException"/>.</summary>
    public static SqliteAdvisoryStore Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new DrydockException($"no vulnerability database at {path}; run 'drydock db update' or 'drydock db import'");
        // One connection for the store's life: the meta check, the lookups and the detail reads all see the file opened here.
        var store = new SqliteAdvisoryStore(path);
        try
        {
            var meta = store.Meta();
            if (!meta.TryGetValue("schema_version", out var version) || version != DatabaseSchema.Version.ToString(CultureInfo.InvariantCulture))
                throw new DrydockException($"vulnerability database {path} has schema version {version ?? "none"}, expected {DatabaseSchema.Version}; run 'drydock db update'");
            store.BuiltAt = meta.TryGetValue("built_at", out var b) ? FeedFiles.Date(b) : null;
            return store;
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw new DrydockException($"vulnerability database {path} is unreadable: {e.Message}", inner: e);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public IReadOnlyList<AffectedPackage> GetAffected(string ns, string package)
    {
        lock (_lock)
        {
            _shared ??= Connect();
            var stmt = _affected ??= Prepare(_shared,
                "SELECT vuln_id, version_scheme, introduced, fixed, last_affected, limit_version, versions, status, status_detail, severity, severity_source, data_source, "
                + "(introduced IS NOT NULL) + 2*(fixed IS NOT NULL) + 4*(last_affected IS NOT NULL) + 8*(limit_version IS NOT NULL) + 16*(versions IS NOT NULL) + 32*(status_detail IS NOT NULL) + 64*(severity_source IS NOT NULL) "
                + "FROM affected WHERE namespace=?1 AND package=?2");
            try
            {
                Check(raw.sqlite3_bind_text(stmt, 1, ns));
                Check(raw.sqlite3_bind_text(stmt, 2, package));
                var rows = new List<AffectedPackage>();
                int rc;
                while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                {
                    // Column 12 says which nullable columns hold a value (bit per column, computed by SQLite while it
                    // decodes the row): a NULL costs no call at all, a value one call instead of two (bench 'match').
                    var present = raw.sqlite3_column_int(stmt, 12);
                    rows.Add(new AffectedPackage
                    {
                        Namespace = ns,
                        Package = package,
                        VulnerabilityId = Utf8(stmt, 0),
                        VersionScheme = _schemes.Get(raw.sqlite3_column_blob(stmt, 1)),
                        Introduced = (present & 1) == 0 ? null : Utf8(stmt, 2),
                        Fixed = (present & 2) == 0 ? null : Utf8(stmt, 3),
                        LastAffected = (present & 4) == 0 ? null : Utf8(stmt, 4),
                        Limit = (present & 8) == 0 ? null : Utf8(stmt, 5),
                        Versions = (present & 16) == 0 ? [] : Utf8(stmt, 6).Split('\n'),
                        Status = StatusNames.Parse(_statuses.Get(raw.sqlite3_column_blob(stmt, 7))),
                        StatusDetail = (present & 32) == 0 ? null : Utf8(stmt, 8),
                        Severity = (Severity)raw.sqlite3_column_int(stmt, 9),
                        SeveritySource = (present & 64) == 0 ? null : _sources.Get(raw.sqlite3_column_blob(stmt, 10)),
                        DataSource = _sources.Get(raw.sqlite3_column_blob(stmt, 11)),
                    });
                }
                Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
                return rows;
            }
            finally
            {
                raw.sqlite3_reset(stmt);
            }
        }
    }

    // The hot read goes through SQLite's own API (the statement Microsoft.Data.Sqlite would wrap): one call per column,
    // two for a nullable one, where the ADO.NET reader makes three or four; 10,000 rows a scan make that count.
    private static sqlite3_stmt Prepare(SqliteConnection connection, string sql)
    {
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            stmt.Dispose();
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }
        return stmt;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _shared!.Handle);
    }

    private static string Utf8(sqlite3_stmt stmt, int column) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(stmt, column));

    /// <summary>The details of one id: the same read as <see cref="GetVulnerabilities"/>, so both always agree.</summary>
    public VulnerabilityRecord? GetVulnerability(string id) => GetVulnerabilities([id]).GetValueOrDefault(id);

    /// <summary>
    /// The details of many ids in one query per table (<c>json_each</c> over a JSON array of the ids): a scan asks once,
    /// after matching, instead of four queries per finding.
    /// </summary>
    public IReadOnlyDictionary<string, VulnerabilityRecord> GetVulnerabilities(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new Dictionary<string, VulnerabilityRecord>(StringComparer.Ordinal);
        if (ids.Count == 0) return found;
        // In key order, so consecutive B-tree descents share the pages they pass through.
        var json = JsonArray(ids.Order(StringComparer.Ordinal));
        lock (_lock)
        {
            _shared ??= Connect();
            using var details = Batch(_shared, "SELECT id, title, description, published, modified FROM vulnerability WHERE id IN (SELECT value FROM json_each($ids))", json);
            using (var r = details.ExecuteReader())
            {
                while (r.Read())
                {
                    var id = r.GetString(0);
                    found[id] = new VulnerabilityRecord { Id = id, Title = Text(r, 1), Description = Text(r, 2), Published = FeedFiles.Date(Text(r, 3)), Modified = FeedFiles.Date(Text(r, 4)) };
                }
            }
            var aliases = Grouped(_shared, "SELECT vuln_id, alias FROM alias WHERE vuln_id IN (SELECT value FROM json_each($ids)) ORDER BY vuln_id, alias", json, r => r.GetString(1));
            var references = Grouped(_shared, "SELECT vuln_id, url FROM reference WHERE vuln_id IN (SELECT value FROM json_each($ids)) ORDER BY vuln_id, url", json, r => r.GetString(1));
            var cvss = Grouped(_shared, "SELECT vuln_id, source, version, vector, score, severity FROM cvss WHERE vuln_id IN (SELECT value FROM json_each($ids)) ORDER BY vuln_id, source, version DESC", json,
                r => new CvssRating(r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetDouble(4), (Severity)r.GetInt32(5)));
            foreach (var (id, record) in found)
            {
                found[id] = record with
                {
                    Aliases = aliases.GetValueOrDefault(id) ?? [],
                    References = references.GetValueOrDefault(id) ?? [],
                    Cvss = cvss.GetValueOrDefault(id) ?? [],
                };
            }
        }
        return found;
    }

    // Utf8JsonWriter escapes every id correctly and needs no reflection (AOT).
    private static string JsonArray(IEnumerable<string> ids)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var id in ids) writer.WriteStringValue(id);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static SqliteCommand Batch(SqliteConnection connection, string sql, string json)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.Add(new SqliteParameter("$ids", json));
        return cmd;
    }

    // Rows ordered by vuln_id then the list's own order, collected per vuln_id (first column).
    private static Dictionary<string, List<T>> Grouped<T>(SqliteConnection connection, string sql, string json, Func<SqliteDataReader, T> read)
    {
        using var cmd = Batch(connection, sql, json);
        using var r = cmd.ExecuteReader();
        var groups = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        while (r.Read())
        {
            var id = r.GetString(0);
            if (!groups.TryGetValue(id, out var list)) groups[id] = list = [];
            list.Add(read(r));
        }
        return groups;
    }

    public IReadOnlyList<string> GetProductCpes(string kind, string key)
    {
        lock (_lock)
        {
            _shared ??= Connect();
            if (_productCpes is null)
            {
                _productCpes = _shared.CreateCommand();
                _productCpes.CommandText = "SELECT cpe FROM product_cpe WHERE kind=$k AND key=$key ORDER BY cpe";
                _productCpes.Parameters.Add(new SqliteParameter("$k", kind));
                _productCpes.Parameters.Add(new SqliteParameter("$key", key));
                _productCpes.Prepare();
            }
            _productCpes.Parameters[0].Value = kind;
            _productCpes.Parameters[1].Value = key;
            return Strings(_productCpes);
        }
    }

    public IReadOnlyList<string> SourcesOf(string ns)
    {
        lock (_lock)
        {
            _shared ??= Connect();
            _hasNamespaceSources ??= HasTable(_shared, "namespace_source");
            using var cmd = _shared.CreateCommand();
            // namespace_source is written with the database (one row per pair); a database built before it existed is
            // answered from affected itself, which reads every row of the namespace (a quarter second per million rows).
            cmd.CommandText = _hasNamespaceSources.Value
                ? "SELECT data_source FROM namespace_source WHERE namespace=$n ORDER BY data_source"
                : "SELECT DISTINCT data_source FROM affected WHERE namespace=$n ORDER BY data_source";
            cmd.Parameters.AddWithValue("$n", ns);
            return Strings(cmd);
        }
    }

    public IReadOnlyList<string> NamespacesOf(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        lock (_lock)
        {
            _shared ??= Connect();
            using var cmd = _shared.CreateCommand();
            // A skip scan over the clustered key: one B-tree descent per distinct namespace, not a read of every row.
            cmd.CommandText = """
                WITH RECURSIVE ns(n) AS (
                  SELECT (SELECT MIN(namespace) FROM affected WHERE namespace >= $lo AND namespace < $hi)
                  UNION ALL
                  SELECT (SELECT MIN(namespace) FROM affected WHERE namespace > ns.n AND namespace < $hi) FROM ns WHERE ns.n IS NOT NULL)
                SELECT n FROM ns WHERE n IS NOT NULL
                """;
            cmd.Parameters.AddWithValue("$lo", family + ":");
            cmd.Parameters.AddWithValue("$hi", family + ";");
            return Strings(cmd);
        }
    }

    /// <summary>The <c>meta</c> table (schema_version, built_at).</summary>
    public IReadOnlyDictionary<string, string> Meta()
    {
        lock (_lock)
        {
            _shared ??= Connect();
            using var cmd = _shared.CreateCommand();
            cmd.CommandText = "SELECT key, value FROM meta";
            using var r = cmd.ExecuteReader();
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            while (r.Read()) meta[r.GetString(0)] = r.GetString(1);
            return meta;
        }
    }

    /// <summary>The feeds the database was built from, by name.</summary>
    public IReadOnlyList<FeedState> Feeds()
    {
        lock (_lock)
        {
            _shared ??= Connect();
            using var cmd = _shared.CreateCommand();
            cmd.CommandText = "SELECT name, url, fetched_at, etag, last_modified, records FROM feed ORDER BY name";
            using var r = cmd.ExecuteReader();
            var feeds = new List<FeedState>();
            while (r.Read()) feeds.Add(new FeedState(r.GetString(0), Text(r, 1), FeedFiles.Date(Text(r, 2)), Text(r, 3), Text(r, 4), r.GetInt64(5)));
            return feeds;
        }
    }

    /// <summary>The end-of-life entry of a release from <c>os_lifecycle</c>; null when absent (or the table predates it).</summary>
    public ReleaseLifecycle? FindLifecycle(string release)
    {
        ArgumentNullException.ThrowIfNull(release);
        lock (_lock)
        {
            _shared ??= Connect();
            if (!HasTable(_shared, "os_lifecycle")) return null;
            using var cmd = _shared.CreateCommand();
            cmd.CommandText = "SELECT eol, release_date, latest, source FROM os_lifecycle WHERE release=$r";
            cmd.Parameters.AddWithValue("$r", release);
            using var r = cmd.ExecuteReader();
            return r.Read() ? LifecycleText.Parse(release, r.GetString(0), Text(r, 1), Text(r, 2), r.GetString(3)) : null;
        }
    }

    /// <summary>
    /// What the database holds data for (<c>db status</c>): advisory rows per namespace (OS releases and ecosystems) and
    /// the number of releases with end-of-life dates. One pass over the clustered <c>affected</c> table.
    /// </summary>
    public (IReadOnlyList<(string Namespace, long Rows)> Namespaces, long LifecycleReleases) Contents()
    {
        using var connection = Connect();
        var namespaces = new List<(string, long)>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT namespace, COUNT(*) FROM affected GROUP BY namespace ORDER BY namespace";
            using var r = cmd.ExecuteReader();
            while (r.Read()) namespaces.Add((r.GetString(0), r.GetInt64(1)));
        }
        long lifecycles = 0;
        if (HasTable(connection, "os_lifecycle"))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM os_lifecycle";
            lifecycles = (long)cmd.ExecuteScalar()!;
        }
        return (namespaces, lifecycles);
    }

    private static bool HasTable(SqliteConnection connection, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM sqlite_master WHERE type='table' AND name=$t";
        cmd.Parameters.AddWithValue("$t", table);
        return cmd.ExecuteScalar() is not null;
    }

    private static List<string> Strings(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private SqliteConnection Connect()
    {
        var connection = SqliteConnections.Create(_connectionString);
        connection.Open();
        // No memory map: a scan opens the file once and reads a few thousand scattered pages, and on a fresh mapping each
        // first touch is a page fault, which measured slower than SQLite's own reads (bench: 'match', after open). A
        // 16 MiB page cache keeps the B-tree's upper levels and the hot leaves for the rest of the scan.
        // EXCLUSIVE locking: the shared lock taken by the first read is kept until the connection closes, so a lookup
        // does not lock and unlock the file and re-read its change counter each time (the file is never written in
        // place: an update is renamed over it, and this connection keeps reading the file it opened).
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA cache_size=-16384; PRAGMA locking_mode=EXCLUSIVE;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _affected?.Dispose();
            _productCpes?.Dispose();
            _productCpes = null;
            _shared?.Dispose();
            _affected = null;
            _shared = null;
        }
    }
}
