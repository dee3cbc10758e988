using System.CommandLine;
using Drydock.Bases;
using Drydock.Freshness;
using Drydock.Hosts.Audit;
using Drydock.Images.Sources.Registry;
using Drydock.Policy;
using Drydock.Scanning.Cache;
using Drydock.Vulnerabilities.Database;

namespace Drydock.Cli.Commands;

/// <summary>The options <c>host audit</c> and <c>host watch</c> share, and the audit they assemble from them.</summary>
internal sealed class HostAuditArguments
{
    public Option<string[]> Hosts { get; } = HostOptions.Host();
    public Option<string?> HostsFile { get; } = HostOptions.HostsFile();
    public Option<string[]> Contexts { get; } = HostOptions.Context();
    public Option<string[]> Insecure { get; } = HostOptions.InsecureRegistry();
    public Option<string?> Policy { get; } = CommonOptions.Policy();
    public Option<int?> MaxAge { get; }
    public Option<int> Concurrency { get; } = new("--concurrency") { Description = "How many hosts are audited at the same time.", DefaultValueFactory = _ => 4 };
    public const int DefaultHostTimeoutSeconds = 600;

    public Option<int> HostTimeout { get; } = new("--host-timeout")
    {
        Description = $"Seconds one host's whole audit may take (0 = no limit); past it the host is reported with a timed-out error and the others still count. Default {DefaultHostTimeoutSeconds}.",
        DefaultValueFactory = _ => DefaultHostTimeoutSeconds,
    };
    public Option<string?> Database { get; } = HostOptions.Database();
    public Option<string> StateDir { get; } = HostOptions.StateDir();

    public HostAuditArguments(string maxAgeDescription) => MaxAge = new Option<int?>("--max-age") { Description = maxAgeDescription };

    /// <summary>The options both verbs take; <see cref="HostTimeout"/> only 'host audit' adds (in 'host watch', --host-timeout is the update's).</summary>
    public IEnumerable<Option> All => [Hosts, HostsFile, Contexts, Insecure, Policy, MaxAge, Concurrency, Database, StateDir];

    /// <summary>Counts from each image's stored inventory; an image not seen before is exported and scanned once.</summary>
    private static StoredInventoryVulnerabilityScanner StoredInventoryScanner(string dbPath, IProgressSink progress, TimeProvider clock) =>
        new(dbPath, new StoredInventories(StoredInventories.DefaultDirectory, clock), new EngineImageVulnerabilityScanner(dbPath, LayerCache.DefaultPath, progress).ReportAsync, clock);

    /// <summary>The policy file the audit reads: the one given, else ./drydock.yaml when it exists, else none (the defaults).</summary>
    public string? PolicyPath(ParseResult parse) => parse.GetValue(Policy) ?? (File.Exists("drydock.yaml") ? "drydock.yaml" : null);

    public async Task<HostAuditReport> RunAsync(ParseResult parse, DrydockPolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var concurrency = parse.GetValue(Concurrency);
        if (concurrency < 1) throw new UsageException("--concurrency must be 1 or more");
        if (parse.GetValue(MaxAge) is < 0) throw new UsageException("--max-age must be zero or more days");
        var hostTimeout = parse.GetResult(HostTimeout) is null ? DefaultHostTimeoutSeconds : parse.GetValue(HostTimeout);
        if (hostTimeout < 0) throw new UsageException("--host-timeout must be zero (no limit) or more seconds");
        var progress = new StderrProgress(parse.InvocationConfiguration.Error, parse.GetValue(DrydockCli.Quiet));
        using var pool = new RegistryLookup.Pool(HostOptions.Registry(parse, Insecure, progress));
        var options = new HostAuditOptions
        {
            Clock = clock,
            MaxAgeDays = parse.GetValue(MaxAge),
            BaseCatalog = new BaseCatalog(BaseCatalog.DefaultPath).Load(),
            Policy = policy,
            StateDirectory = parse.GetValue(StateDir),
        };
        var dbPath = DatabaseLocation.Resolve(parse.GetValue(Database));
        options = File.Exists(dbPath)
            ? options with { Vulnerabilities = new CachedImageVulnerabilityScanner(StoredInventoryScanner(dbPath, progress, clock), LayerCache.DefaultPath, dbPath) }
            : options with { VulnerabilitiesUnavailable = $"no vulnerability database at {dbPath} (run 'drydock db update')" };
        var auditor = new HostAuditor(new FreshnessChecker(pool.For), options);
        return await new MultiHostAudit(auditor, concurrency, TimeSpan.FromMinutes(2), progress, hostTimeout > 0 ? TimeSpan.FromSeconds(hostTimeout) : null)
            .RunAsync(HostOptions.Entries(parse, Hosts, HostsFile, Contexts), clock.GetUtcNow(), ct);
    }
}
