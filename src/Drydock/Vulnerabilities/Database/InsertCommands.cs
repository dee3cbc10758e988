using System.Globalization;
using Drydock.Model;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;
using Microsoft.Data.Sqlite;

namespace Drydock.Vulnerabilities.Database;

/// <summary>The prepared INSERTs of <see cref="DatabaseWriter"/>, reused for every record (bulk load speed).</summary>
internal sealed class InsertCommands : IDisposable
{
    private readonly SqliteCommand _vulnerability;
    private readonly SqliteCommand _alias;
    private readonly SqliteCommand _cvss;
    private readonly SqliteCommand _reference;
    private readonly SqliteCommand _affected;
    private readonly SqliteCommand _productCpe;
    private readonly SqliteCommand _lifecycle;

    public InsertCommands(SqliteConnection connection)
    {
        // Several feeds describe the same id: the first non-null text wins, later feeds fill the gaps.
        _vulnerability = Command(connection, """
            INSERT INTO vulnerability VALUES($1,$2,$3,$4,$5) ON CONFLICT(id) DO UPDATE SET
              title=COALESCE(title,excluded.title), description=COALESCE(description,excluded.description),
              published=COALESCE(published,excluded.published), modified=COALESCE(modified,excluded.modified)
            """, 5);
        _alias = Command(connection, "INSERT OR IGNORE INTO alias VALUES($1,$2)", 2);
        _cvss = Command(connection, "INSERT OR IGNORE INTO cvss VALUES($1,$2,$3,$4,$5,$6)", 6);
        _reference = Command(connection, "INSERT OR IGNORE INTO reference VALUES($1,$2)", 2);
        _affected = Command(connection, "INSERT INTO temp.affected_staging VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)", 14);
        _productCpe = Command(connection, "INSERT OR IGNORE INTO product_cpe VALUES($1,$2,$3)", 3);
        _lifecycle = Command(connection, "INSERT OR REPLACE INTO os_lifecycle VALUES($1,$2,$3,$4,$5)", 5);
    }

    public void Bind(SqliteTransaction transaction)
    {
        foreach (var c in new[] { _vulnerability, _alias, _cvss, _reference, _affected, _productCpe, _lifecycle }) c.Transaction = transaction;
    }

    public void Vulnerability(VulnerabilityRecord v)
    {
        Run(_vulnerability, v.Id, v.Title, v.Description, Date(v.Published), Date(v.Modified));
        foreach (var a in v.Aliases) Run(_alias, v.Id, a);
        foreach (var c in v.Cvss) Run(_cvss, v.Id, c.Source, c.Version, c.Vector, c.Score, (int)c.Severity);
        foreach (var r in v.References) Run(_reference, v.Id, r);
    }

    public void Affected(AffectedPackage a) =>
        Run(_affected, a.Namespace, a.Package, a.VulnerabilityId, a.VersionScheme, a.Introduced, a.Fixed, a.LastAffected, a.Limit,
            a.Versions.Count == 0 ? null : string.Join('\n', a.Versions), StatusNames.ToName(a.Status), a.StatusDetail,
            (int)a.Severity, a.SeveritySource, a.DataSource);

    public void ProductCpe(ProductCpe p) => Run(_productCpe, p.Kind, p.Key, p.Cpe);

    public void Lifecycle(ReleaseLifecycle l) =>
        Run(_lifecycle, l.Release, LifecycleText.Eol(l), l.ReleaseDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Latest, l.Source);

    private static string? Date(DateTimeOffset? d) => d?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++) command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        return command;
    }

    public void Dispose()
    {
        foreach (var c in new[] { _vulnerability, _alias, _cvss, _reference, _affected, _productCpe, _lifecycle }) c.Dispose();
    }
}
