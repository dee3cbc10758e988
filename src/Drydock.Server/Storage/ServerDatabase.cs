using Npgsql;

namespace Drydock.Server.Storage;

/// <summary>
/// The server's one PostgreSQL data source. Opening it checks that the server answers; a server that does not is a
/// <see cref="DrydockException"/> with one line (exit 3), never a stack trace.
/// </summary>
public sealed class ServerDatabase : IAsyncDisposable
{
    private ServerDatabase(NpgsqlDataSource source) => Source = source;

    public NpgsqlDataSource Source { get; }

    /// <summary>Connects once (to fail early and clearly), then migrates the schema to the current version.</summary>
    public static async Task<ServerDatabase> OpenAsync(string connectionString, CancellationToken ct)
    {
        NpgsqlDataSource source;
        try
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.ConnectionStringBuilder.ApplicationName ??= "drydock-server";
            source = builder.Build();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--postgres: not a valid connection string ({e.Message})");
        }
        try
        {
            await using (var probe = await source.OpenConnectionAsync(ct)) { }
            await SchemaMigrator.MigrateAsync(source, ct);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await source.DisposeAsync();
            throw new DrydockException($"cannot use PostgreSQL at {Describe(connectionString)}: {OneLine(e)}");
        }
        return new ServerDatabase(source);
    }

    /// <summary>Host, port and database of a connection string, without its password.</summary>
    internal static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{b.Host ?? "localhost"}:{b.Port}/{b.Database ?? b.Username ?? "postgres"}";
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }

    private static string OneLine(Exception e)
    {
        var inner = e.InnerException is { } i && e.Message.StartsWith("Failed to connect", StringComparison.Ordinal) ? e.Message + ": " + i.Message : e.Message;
        return string.Join(' ', inner.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
