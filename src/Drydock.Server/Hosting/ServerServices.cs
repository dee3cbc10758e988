using Drydock.Server.Api;
using Drydock.Server.Queue;
using Drydock.Server.Scanning;
using Drydock.Server.Storage;

namespace Drydock.Server.Hosting;

/// <summary>The parts one server process is assembled from (explicit, no service locator), shared by its API and workers.</summary>
internal sealed class ServerServices
{
    public ServerServices(ServerDatabase database, ServerOptions options, ServerLog log)
    {
        Options = options;
        Database = database.Source;
        Log = log;
        Tokens = new TokenStore(database.Source);
        Queue = new JobQueue(database.Source);
        Results = new ResultStore(database.Source);
        Hosts = new HostStore(database.Source);
        History = new HistoryStore(database.Source);
        Source = database.Source;
        Retention = new RetentionSweeper(database.Source, options.Retention);
        Runner = new ScanRunner(options);
        Auth = new ApiAuthenticator(Tokens);
    }

    /// <summary>This process among all server processes sharing the database: host, pid and a random part.</summary>
    public string Instance { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    public ServerOptions Options { get; }
    public Npgsql.NpgsqlDataSource Database { get; }
    public ServerLog Log { get; }
    public TokenStore Tokens { get; }
    public JobQueue Queue { get; }
    public ResultStore Results { get; }
    public HostStore Hosts { get; }
    public HistoryStore History { get; }
    public Npgsql.NpgsqlDataSource Source { get; }
    public RetentionSweeper Retention { get; }
    public ScanRunner Runner { get; }
    public CredentialVault Vault { get; } = new();
    public ApiAuthenticator Auth { get; }
}
