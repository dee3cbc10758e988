using System.CommandLine;
using Drydock.Policy;
using Drydock.Images;
using Drydock.Images.Sources.Registry;
using Drydock.Vulnerabilities.Distribution;

namespace Drydock.Cli;

/// <summary>
/// <c>--db-repository</c>, <c>--db-max-age</c> and <c>--db-key</c> on the verbs that read the database
/// (docs/db-artifact.md): where to pull the team's database from when the local one is missing or too old. Each falls
/// back to the environment (<c>DRYDOCK_DB_REPOSITORY</c>) and then the policy's <c>database:</c> section.
/// </summary>
internal sealed class DbRepositoryOptions
{
    public const string EnvironmentVariable = "DRYDOCK_DB_REPOSITORY";
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromHours(24);

    private readonly Option<string?> _repository = new("--db-repository")
    {
        Description = $"Pull the vulnerability database from this OCI reference (registry/repo[:tag], default tag = schema version) when the local one is missing or older than --db-max-age; otherwise use it without a request. Default: ${EnvironmentVariable}, else the policy's database.repository.",
    };

    private readonly Option<string?> _maxAge = new("--db-max-age")
    {
        Description = "With --db-repository: the age (from the database's build or the last pull that found it current) after which it is pulled again, e.g. 6h, 1d (default 24h, or the policy's database.maxAgeHours).",
    };

    private readonly Option<string?> _key = new("--db-key")
    {
        Description = "PEM public key the pulled database's cosign signature must verify with; an unsigned or wrongly signed database is refused and the old one kept (default: the policy's database.key).",
    };

    public static DbRepositoryOptions AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = new DbRepositoryOptions();
        command.Options.Add(options._repository);
        command.Options.Add(options._maxAge);
        command.Options.Add(options._key);
        return options;
    }

    public ImageReference? Repository(ParseResult parse, DrydockPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return RepositoryText(parse.GetValue(_repository), policy) is { } text ? DbArtifact.ParseReference(text) : null;
    }

    /// <summary>The database repository: the one given, else <c>$DRYDOCK_DB_REPOSITORY</c>, else the policy's; empty counts as unset.</summary>
    public static string? RepositoryText(string? given, DrydockPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrEmpty(given)) given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(given)) given = policy.Database.Repository;
        return string.IsNullOrEmpty(given) ? null : given;
    }

    /// <summary>Pulls when a repository is configured and the local database is missing or too old; then demands a database.</summary>
    public async Task EnsureDatabaseAsync(ParseResult parse, string databasePath, DrydockPolicy policy, IReadOnlySet<string> insecure, IProgressSink progress, CancellationToken cancellationToken)
    {
        var repository = Repository(parse, policy);
        if (repository is not null)
        {
            var maxAge = parse.GetValue(_maxAge) is { } text ? Durations.Parse(text, "--db-max-age")
                : policy.Database.MaxAgeHours is { } hours ? TimeSpan.FromHours(hours) : DefaultMaxAge;
            var puller = Puller(insecure, progress, parse.GetValue(_key) ?? policy.Database.Key);
            try
            {
                await DbAutoPull.EnsureAsync(databasePath, repository, maxAge, puller, TimeProvider.System, progress, puller.LockTimeout, cancellationToken);
            }
            catch (DrydockException e) when (!File.Exists(databasePath))
            {
                throw new DrydockException($"no vulnerability database at {databasePath}, and the pull failed: {e.Message}; run '{PullCommand(parse, repository)}' once the registry answers");
            }
        }
        if (!File.Exists(databasePath))
        {
            throw new DrydockException($"no vulnerability database at {databasePath}; get one with '" + (repository is null ? UpdateCommand(parse) : PullCommand(parse, repository)) +
                                       "' (or 'drydock db import BUNDLE' offline, or scan with --scanners controls)");
        }
    }

    /// <summary>What a server pulls every <paramref name="interval"/> (<c>--db-pull-interval</c>); the repository must be configured.</summary>
    public Drydock.Server.Rematch.DatabasePullSettings PullSettings(ParseResult parse, DrydockPolicy policy, IReadOnlySet<string> insecure, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var repository = Repository(parse, policy) ?? throw new UsageException("--db-pull-interval needs --db-repository");
        return new(repository, Puller(insecure, NullProgressSink.Instance, parse.GetValue(_key) ?? policy.Database.Key), interval);
    }

    public static DbPuller Puller(IReadOnlySet<string> insecure, IProgressSink progress, string? publicKey) =>
        new(new RegistryClientOptions { InsecureRegistries = insecure, Progress = progress }, progress, TimeProvider.System)
        {
            VerifySignature = publicKey is null ? null : DbSignatures.RequireKey(publicKey),
        };

    private static string PullCommand(ParseResult parse, ImageReference repository) => $"drydock db pull {repository}{DbFlag(parse)}";

    private static string UpdateCommand(ParseResult parse) => $"drydock db update{DbFlag(parse)}";

    // The command must install where this verb reads: repeat --db when it was given.
    private static string DbFlag(ParseResult parse) =>
        parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--db") is Option<string?> db && parse.GetValue(db) is { } path ? $" --db {path}" : "";
}
