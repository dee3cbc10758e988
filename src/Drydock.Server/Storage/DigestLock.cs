using Npgsql;

namespace Drydock.Server.Storage;

/// <summary>
/// A PostgreSQL advisory lock on one manifest digest, held on its own connection: while one worker (in any process)
/// scans an image, another job for the same digest waits and then finds the stored result instead of reading the image
/// again. A worker that dies loses its connection, and PostgreSQL releases the lock with it.
/// </summary>
internal sealed class DigestLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _digest;

    private DigestLock(NpgsqlConnection connection, string digest)
    {
        _connection = connection;
        _digest = digest;
    }

    public static async Task<DigestLock> AcquireAsync(NpgsqlDataSource source, string digest, CancellationToken ct)
    {
        var connection = await source.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 16))", connection);
            cmd.Parameters.Add(new() { Value = digest });
            await cmd.ExecuteNonQueryAsync(ct);
            return new DigestLock(connection, digest);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended($1, 16))", _connection);
            cmd.Parameters.Add(new() { Value = _digest });
            await cmd.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
