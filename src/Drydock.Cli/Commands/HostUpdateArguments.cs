using System.CommandLine;
using Drydock.Hosts.Rollout;
using Drydock.Hosts.Update;

namespace Drydock.Cli.Commands;

/// <summary>The options <c>host update</c> and <c>host watch --update</c> share: selection, health gate, state, and the rollout's pace.</summary>
internal sealed class HostUpdateArguments(string prefix)
{
    public Option<string[]> Names { get; } = new("--container", "-c") { Description = prefix + "update this container (name or id; repeatable)." };
    public Option<string[]> Labels { get; } = new("--label", "-l") { Description = prefix + "update containers with this label KEY or KEY=VALUE (repeatable)." };
    public Option<string[]> Projects { get; } = new("--project")
    {
        Description = prefix + "update the services of this docker compose project (label com.docker.compose.project; repeatable), in depends_on order.",
    };
    public Option<bool> All { get; } = new("--all", "-a") { Description = prefix + "update every container (except those labelled drydock.update=false)." };
    public Option<string> StateDir { get; } = HostOptions.StateDir();
    public Option<int> HealthTimeout { get; } = HostOptions.HealthTimeout();
    public Option<int> StableFor { get; } = HostOptions.StableFor();
    public Option<string> MaxConcurrency { get; } = new("--max-concurrency")
    {
        Description = "Hosts updated at the same time: a number (3) or a percentage of the hosts (25%, rounded down, at least 1).",
        DefaultValueFactory = _ => "1",
    };
    public Option<string> MaxErrors { get; } = new("--max-errors")
    {
        Description = "Failed hosts tolerated (a number or a percentage of the hosts, rounded down): no new host is started once failures exceed it (SSM's MaxErrors; 0 = stop at the first).",
        DefaultValueFactory = _ => "0",
    };
    public Option<int> Canary { get; } = new("--canary") { Description = "The first N hosts (in the order given) go first; the others only when every canary succeeded.", DefaultValueFactory = _ => 0 };
    public Option<int> HostTimeout { get; } = new("--host-timeout")
    {
        Description = "Seconds one host may take (0 = no limit); past it the host is an error, and an update it was in is completed or backed out.",
        DefaultValueFactory = _ => 0,
    };

    public IEnumerable<Option> Selection => [Names, Labels, Projects, All];

    public IEnumerable<Option> Update => [StateDir, HealthTimeout, StableFor, MaxConcurrency, MaxErrors, Canary, HostTimeout];

    /// <summary>The containers chosen; <paramref name="extraNames"/> (<c>--unpin</c>) select too. A project is its compose label.</summary>
    public ContainerSelector Selector(ParseResult parse, IEnumerable<string>? extraNames = null) => new(
        [.. parse.GetValue(Names) ?? [], .. extraNames ?? []],
        [.. parse.GetValue(Labels) ?? [], .. (parse.GetValue(Projects) ?? []).Select(p => $"{ContainerSelector.ComposeProjectLabel}={p}")],
        parse.GetValue(All));

    public RolloutOptions Rollout(ParseResult parse)
    {
        var canary = parse.GetValue(Canary);
        if (canary < 0) throw new UsageException("--canary must be zero or more hosts");
        var timeout = parse.GetValue(HostTimeout);
        if (timeout < 0) throw new UsageException("--host-timeout must be zero (no limit) or more seconds");
        return new RolloutOptions
        {
            MaxConcurrency = RolloutLimit.Parse(parse.GetValue(MaxConcurrency)!, "--max-concurrency") is { Value: > 0 } c ? c
                : throw new UsageException("--max-concurrency must be at least 1 host or 1%"),
            MaxErrors = RolloutLimit.Parse(parse.GetValue(MaxErrors)!, "--max-errors"),
            Canary = canary,
            HostTimeout = timeout > 0 ? TimeSpan.FromSeconds(timeout) : null,
        };
    }
}
