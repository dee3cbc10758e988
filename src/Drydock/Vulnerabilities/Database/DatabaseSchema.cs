namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// The SQLite schema. <c>affected</c> is the hot table: one row per (namespace, package, vulnerability, range), keyed
/// and clustered by <c>(namespace, package)</c>; it is built after the bulk load from a staging table (see
/// <see cref="CreateIndexes"/>). <c>product_cpe</c> maps Red Hat content sets and
/// container builds to the CPEs that scope Red Hat's rows (version 2). <c>namespace_source</c> (added within version 2) lists the data sources that
/// have rows in each namespace, derived from <c>affected</c> at every commit; a reader falls back to <c>affected</c> when a
/// file predates it. <c>os_lifecycle</c> (the <c>endoflife</c> feed;
/// <c>eol</c> is <c>yyyy-MM-dd</c>, <c>true</c> or <c>false</c>) was added within version 2: a reader treats its absence as
/// "no dates", an older reader ignores it. Everything else is keyed by vulnerability id and read only for the findings
/// that matched.
/// </summary>
internal static class DatabaseSchema
{
    /// <summary>Bumped on any incompatible change; a reader refuses another version.</summary>
    public const int Version = 2;

    public const string Create = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE feed(name TEXT PRIMARY KEY, url TEXT, fetched_at TEXT, etag TEXT, last_modified TEXT, records INTEGER NOT NULL);
        CREATE TABLE vulnerability(id TEXT PRIMARY KEY, title TEXT, description TEXT, published TEXT, modified TEXT);
        CREATE TABLE alias(vuln_id TEXT NOT NULL, alias TEXT NOT NULL, PRIMARY KEY(vuln_id, alias)) WITHOUT ROWID;
        CREATE TABLE cvss(vuln_id TEXT NOT NULL, source TEXT NOT NULL, version TEXT NOT NULL, vector TEXT NOT NULL,
            score REAL, severity INTEGER NOT NULL, PRIMARY KEY(vuln_id, source, version)) WITHOUT ROWID;
        CREATE TABLE reference(vuln_id TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY(vuln_id, url)) WITHOUT ROWID;
        CREATE TABLE product_cpe(kind TEXT NOT NULL, key TEXT NOT NULL, cpe TEXT NOT NULL, PRIMARY KEY(kind, key, cpe)) WITHOUT ROWID;
        CREATE TABLE os_lifecycle(release TEXT PRIMARY KEY, eol TEXT NOT NULL, release_date TEXT, latest TEXT, source TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE namespace_source(namespace TEXT NOT NULL, data_source TEXT NOT NULL, PRIMARY KEY(namespace, data_source)) WITHOUT ROWID;
        """ + Staging;

    /// <summary>
    /// Run by every commit, after the <c>affected</c> rows are final: the distinct (namespace, data source) pairs, so that
    /// a scan's coverage reads a few rows instead of every row of its namespace.
    /// </summary>
    public const string RefreshNamespaceSources = """
        DELETE FROM namespace_source;
        INSERT INTO namespace_source SELECT DISTINCT namespace, data_source FROM affected;
        """;

    /// <summary>Where a load puts its <c>affected</c> rows (per connection); <see cref="CreateIndexes"/> or <see cref="MergeStaging"/> empties it into <c>affected</c>.</summary>
    public const string Staging = """
        CREATE TEMP TABLE affected_staging(namespace TEXT NOT NULL, package TEXT NOT NULL, vuln_id TEXT NOT NULL,
            version_scheme TEXT NOT NULL, introduced TEXT, fixed TEXT, last_affected TEXT, limit_version TEXT, versions TEXT,
            status TEXT NOT NULL, status_detail TEXT, severity INTEGER NOT NULL, severity_source TEXT, data_source TEXT NOT NULL);
        """;

    /// <summary>
    /// Run once after the bulk load: <c>affected</c> is a WITHOUT ROWID table clustered on (namespace, package), filled
    /// in key order from the staging table, so a package's rows sit together on one leaf page and a lookup is one B-tree
    /// descent plus a short scan (https://sqlite.org/withoutrowid.html) instead of an index probe and a table probe per row.
    /// </summary>
    public const string CreateIndexes = """
        CREATE TABLE affected(namespace TEXT NOT NULL, package TEXT NOT NULL, seq INTEGER NOT NULL, vuln_id TEXT NOT NULL,
            version_scheme TEXT NOT NULL, introduced TEXT, fixed TEXT, last_affected TEXT, limit_version TEXT, versions TEXT,
            status TEXT NOT NULL, status_detail TEXT, severity INTEGER NOT NULL, severity_source TEXT, data_source TEXT NOT NULL,
            PRIMARY KEY(namespace, package, seq)) WITHOUT ROWID;
        INSERT INTO affected SELECT namespace, package, rowid, vuln_id, version_scheme, introduced, fixed, last_affected, limit_version,
            versions, status, status_detail, severity, severity_source, data_source FROM temp.affected_staging ORDER BY namespace, package, rowid;
        DROP TABLE temp.affected_staging;
        """;

    /// <summary>
    /// The same for a database edited in place (<see cref="DatabaseWriter.TryEdit"/>): the staged rows join the existing
    /// clustered table, numbered after its highest <c>seq</c> (<c>$base</c>) so that they keep their load order.
    /// </summary>
    public const string MergeStaging = """
        INSERT INTO affected SELECT namespace, package, rowid + $base, vuln_id, version_scheme, introduced, fixed, last_affected, limit_version,
            versions, status, status_detail, severity, severity_source, data_source FROM temp.affected_staging ORDER BY namespace, package, rowid;
        DROP TABLE temp.affected_staging;
        """;
}
