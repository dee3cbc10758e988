using Drydock.IntegrationTests.Infrastructure;
using Npgsql;

namespace Drydock.IntegrationTests.Server;

/// <summary>Starting <c>drydock server</c>: without PostgreSQL it refuses with one line; concurrent starts migrate the schema once.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ServerStartTests(ServerFixture fixture)
{
    [Fact]
    public async Task Start_PostgresUnreachableOrMissing_ExitsThreeWithOneLine()
    {
        // Given: a port nothing listens on, and no --postgres at all
        var dir = TestRoot.NewRunDirectory("server-nopg");
        var closed = "Host=127.0.0.1;Port=" + TestRoot.FreePort() + ";Username=postgres;Timeout=5";

        // When
        using var unreachable = ServerProcess.Start(dir, null, "--postgres", closed, "--listen", "127.0.0.1:" + TestRoot.FreePort());
        using var missing = ServerProcess.Start(dir, new Dictionary<string, string> { ["DRYDOCK_POSTGRES"] = "" }, "--listen", "127.0.0.1:" + TestRoot.FreePort());

        // Then
        Assert.Equal(3, await unreachable.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(3, await missing.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(unreachable.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("drydock: cannot use PostgreSQL at 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Equal("drydock: the server needs PostgreSQL: give --postgres CONNECTION-STRING or set DRYDOCK_POSTGRES (see docs/server.md)",
            Assert.Single(missing.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Directory.Delete(dir, recursive: true);
    }

    [ServerFact]
    public async Task Start_ThreeProcessesAtOnce_SchemaMigratedOnceAndOneBootstrapToken()
    {
        // Given: an empty database, and three workers started together with the same bootstrap token
        var dsn = await fixture.NewDatabaseAsync();
        var env = new Dictionary<string, string> { ["DRYDOCK_TOKEN"] = ServerSession.AdminToken };

        // When
        var processes = Enumerable.Range(0, 3).Select(i => ServerProcess.Start(fixture.NewProcessDirectory("migrate"), env, "--postgres", dsn, "--worker")).ToList();
        try
        {
            foreach (var p in processes) await p.WaitReadyAsync();

            // Then: every migration recorded once, the token stored once (as a hash, not the token)
            await using var conn = new NpgsqlConnection(dsn);
            await conn.OpenAsync();
            Assert.Equal((long)Drydock.Server.Storage.SchemaMigrations.All.Count, await Scalar<long>(conn, "SELECT count(*) FROM schema_migrations"));
            Assert.Equal(1L, await Scalar<long>(conn, "SELECT count(*) FROM tokens"));
            var hash = await Scalar<byte[]>(conn, "SELECT hash FROM tokens");
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ServerSession.AdminToken)), hash);
            Assert.All(processes, p => Assert.DoesNotContain("generated one", p.Log, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var p in processes) p.Dispose();
        }
    }

    internal static async Task<T> Scalar<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
