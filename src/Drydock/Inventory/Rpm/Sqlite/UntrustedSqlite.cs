using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Drydock.Inventory.Rpm.Sqlite;

/// <summary>
/// Opens an SQLite database file taken from an image, which is untrusted (its schema can hold views, triggers and
/// generated columns that run arbitrary queries): read-only and immutable (no journal or WAL files, no locks), not
/// pooled, with views and triggers disabled, defensive mode and <c>trusted_schema=OFF</c> (sqlite.org/security.html),
/// temporary tables in memory (never in the host's temp directory), and a progress handler that stops any statement
/// once the scan is cancelled, a step budget is spent or a time budget passes.
/// </summary>
internal sealed class UntrustedSqlite : IDisposable
{
    private const int StepsPerCall = 10_000;
    private readonly SqliteConnection _connection;
    private readonly CancellationToken _cancellationToken;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _maxSteps;
    private readonly TimeSpan _maxTime;
    private readonly CancellationTokenRegistration _interrupt;
    private long _steps;

    /// <summary>Why the last statement was stopped by the progress handler, or null.</summary>
    public string? StoppedBecause { get; private set; }

    public UntrustedSqlite(string path, long maxSteps, TimeSpan maxTime, CancellationToken cancellationToken)
    {
        (_maxSteps, _maxTime, _cancellationToken) = (maxSteps, maxTime, cancellationToken);
        var uri = "file:" + Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal) + "?immutable=1";
        _connection = SqliteConnections.Create(new SqliteConnectionStringBuilder
        {
            DataSource = uri, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        _connection.Open();
        var db = _connection.Handle!;
        Config(db, raw.SQLITE_DBCONFIG_DEFENSIVE, 1);
        Config(db, raw.SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0);
        Config(db, raw.SQLITE_DBCONFIG_ENABLE_VIEW, 0);
        Config(db, raw.SQLITE_DBCONFIG_ENABLE_TRIGGER, 0);
        raw.sqlite3_progress_handler(db, StepsPerCall, Progress, null);
        _interrupt = cancellationToken.Register(() => raw.sqlite3_interrupt(db));
        Execute("PRAGMA trusted_schema = OFF; PRAGMA temp_store = MEMORY; PRAGMA query_only = ON;");
    }

    public SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private int Progress(object user)
    {
        _steps += StepsPerCall;
        if (_cancellationToken.IsCancellationRequested) StoppedBecause = "cancelled";
        else if (_steps > _maxSteps) StoppedBecause = $"more than {_maxSteps} query steps";
        else if (_clock.Elapsed > _maxTime) StoppedBecause = $"longer than {_maxTime.TotalSeconds:0} s";
        else return 0;
        return 1;
    }

    private static void Config(sqlite3 db, int op, int value)
    {
        if (raw.sqlite3_db_config(db, op, value, out _) != raw.SQLITE_OK)
            throw new InvalidOperationException($"sqlite3_db_config({op}) failed: {raw.sqlite3_errmsg(db).utf8_to_string()}");
    }
}
