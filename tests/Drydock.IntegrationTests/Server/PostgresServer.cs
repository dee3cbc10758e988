using System.Diagnostics;
using System.Globalization;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Server;

/// <summary>
/// A throwaway PostgreSQL cluster (Debian's postgresql, ../shared/env/60-postgres.sh): <c>initdb</c> under a fresh
/// run folder (as the <c>postgres</c> user when the tests run as root: PostgreSQL refuses root), its own free port on
/// 127.0.0.1, fsync off. Dispose stops it (<c>pg_ctl stop -m immediate</c>) and removes the folder.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private PostgresServer(string directory, string bin, int port)
    {
        Directory = directory;
        _bin = bin;
        _data = Path.Combine(directory, "data");
        Port = port;
    }

    public string Directory { get; }
    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Pooling=true;Timeout=10";

    /// <summary>The newest installed server's bin folder, or null (the tests then skip).</summary>
    public static string? FindBin()
    {
        const string root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root)) return null;
        return System.IO.Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderBy(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).LastOrDefault();
    }

    /// <summary>Null when PostgreSQL can be started here; else why the test is skipped.</summary>
    public static string? Missing() =>
        FindBin() is null ? "needs PostgreSQL server binaries (/usr/lib/postgresql/*/bin; scripts/install-deps.sh installs postgresql)"
        : Environment.UserName == "root" && TestRoot.FindProgram("runuser") is null ? "needs runuser to start PostgreSQL as the postgres user" : null;

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(Missing());
        var dir = TestRoot.NewRunDirectory("postgres");
        var server = new PostgresServer(dir, bin, TestRoot.FreePort());
        if (AsRoot) await ExternalProcess.RunAsync("chown", ["postgres:postgres", dir], TimeSpan.FromSeconds(10));
        await server.RunAsync("initdb", ["-D", server._data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], TimeSpan.FromMinutes(2));
        await server.RunAsync("pg_ctl", ["-D", server._data, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60", "-o",
            $"-c listen_addresses=127.0.0.1 -p {server.Port} -k {dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"], TimeSpan.FromMinutes(2));
        return server;
    }

    private static bool AsRoot => Environment.UserName == "root";

    private Task<string> RunAsync(string tool, IEnumerable<string> args, TimeSpan timeout) =>
        AsRoot
            ? ExternalProcess.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args], timeout)
            : ExternalProcess.RunAsync(Path.Combine(_bin, tool), args, timeout);

    public void Dispose()
    {
        try
        {
            RunAsync("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"], TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // not running (start failed): nothing to stop
        }
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
