using System.Globalization;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;
using Microsoft.Data.Sqlite;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// The database opened read-only. Opening reads only the <c>meta</c> table; each lookup is one indexed query on a
/// pooled read-only connection, so many scans (and threads) can read while an update is written beside the file.
/// </summary>
public sealed class SqliteAdvisoryStore : IAdvisoryStore, IDisposable
{
    private readonly string _connectionString;

    private SqliteAdvisoryStore(string path, DateTimeOffset? builtAt)
    {
        Path = path;
        BuiltAt = builtAt;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
    }

    public string Path { get; }

    public DateTimeOffset? BuiltAt { get; }

    /// <summary>Opens <paramref name="path"/>; a missing file or another schema version is a <see cref="DrydockException"/>.</summary>
    public static SqliteAdvisoryStore Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new DrydockException($"no vulnerability database at {path}; run 'drydock db update' or 'drydock db import'");
        var store = new SqliteAdvisoryStore(path, null);
        try
        {
            var meta = store.Meta();
            if (!meta.TryGetValue("schema_version", out var version) || version != DatabaseSchema.Version.ToString(CultureInfo.InvariantCulture))
                throw new DrydockException($"vulnerability database {path} has schema version {version ?? "none"}, expected {DatabaseSchema.Version}; run 'drydock db update'");
            return new SqliteAdvisoryStore(path, meta.TryGetValue("built_at", out var b) ? FeedFiles.Date(b) : null);
        }
        catch (SqliteException e)
        {
            throw new DrydockException($"vulnerability database {path} is unreadable: {e.Message}", inner: e);
        }
    }

    public IReadOnlyList<AffectedPackage> GetAffected(string ns, string package)
    {
        using var connection = Connect();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT vuln_id, version_scheme, introduced, fixed, last_affected, limit_version, versions, status, status_detail, severity, severity_source, data_source FROM affected WHERE namespace=$n AND package=$p";
        cmd.Parameters.AddWithValue("$n", ns);
        cmd.Parameters.AddWithValue("$p", package);
        using var r = cmd.ExecuteReader();
        var rows = new List<AffectedPackage>();
        while (r.Read())
        {
            rows.Add(new AffectedPackage
            {
                Namespace = ns,
                Package = package,
                VulnerabilityId = r.GetString(0),
                VersionScheme = r.GetString(1),
                Introduced = Text(r, 2),
                Fixed = Text(r, 3),
                LastAffected = Text(r, 4),
                Limit = Text(r, 5),
                Versions = Text(r, 6)?.Split('\n') ?? [],
                Status = StatusNames.Parse(r.GetString(7)),
                StatusDetail = Text(r, 8),
                Severity = (Severity)r.GetInt32(9),
                SeveritySource = Text(r, 10),
                DataSource = r.GetString(11),
            });
        }
        return rows;
    }

    public VulnerabilityRecord? GetVulnerability(string id)
    {
        using var connection = Connect();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT title, description, published, modified FROM vulnerability WHERE id=$id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new VulnerabilityRecord
        {
            Id = id,
            Title = Text(r, 0),
            Description = Text(r, 1),
            Published = FeedFiles.Date(Text(r, 2)),
            Modified = FeedFiles.Date(Text(r, 3)),
            Aliases = Strings(connection, "SELECT alias FROM alias WHERE vuln_id=$id ORDER BY alias", id),
            References = Strings(connection, "SELECT url FROM reference WHERE vuln_id=$id ORDER BY url", id),
            Cvss = Cvss(connection, id),
        };
    }

    /// <summary>The <c>meta</c> table (schema_version, built_at).</summary>
    public IReadOnlyDictionary<string, string> Meta()
    {
        using var connection = Connect();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT key, value FROM meta";
        using var r = cmd.ExecuteReader();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read()) meta[r.GetString(0)] = r.GetString(1);
        return meta;
    }

    /// <summary>The feeds the database was built from, by name.</summary>
    public IReadOnlyList<FeedState> Feeds()
    {
        using var connection = Connect();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name, url, fetched_at, etag, last_modified, records FROM feed ORDER BY name";
        using var r = cmd.ExecuteReader();
        var feeds = new List<FeedState>();
        while (r.Read()) feeds.Add(new FeedState(r.GetString(0), Text(r, 1), FeedFiles.Date(Text(r, 2)), Text(r, 3), Text(r, 4), r.GetInt64(5)));
        return feeds;
    }

    private static List<CvssRating> Cvss(SqliteConnection connection, string id)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT source, version, vector, score, severity FROM cvss WHERE vuln_id=$id ORDER BY source, version DESC";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        var list = new List<CvssRating>();
        while (r.Read()) list.Add(new CvssRating(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetDouble(3), (Severity)r.GetInt32(4)));
        return list;
    }

    private static List<string> Strings(SqliteConnection connection, string sql, string id)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public void Dispose() => SqliteConnection.ClearAllPools();
}
