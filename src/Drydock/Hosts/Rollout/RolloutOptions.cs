namespace Drydock.Hosts.Rollout;

/// <summary>
/// How a fleet run proceeds (SSM Run Command's error controls plus a canary): at most <see cref="MaxConcurrency"/> hosts
/// at a time; no new host once more than <see cref="MaxErrors"/> hosts failed; the first <see cref="Canary"/> hosts go
/// first and the others only when every canary succeeded; each host is given up after <see cref="HostTimeout"/>.
/// </summary>
public sealed record RolloutOptions
{
    /// <summary><c>--max-concurrency</c>; default 1: hosts one after another.</summary>
    public RolloutLimit MaxConcurrency { get; init; } = new(1, false);

    /// <summary><c>--max-errors</c>; default 0 (as SSM): the first failed host stops the run from starting others.</summary>
    public RolloutLimit MaxErrors { get; init; } = new(0, false);

    /// <summary><c>--canary</c>: how many hosts, in the order given, go first (0 = none).</summary>
    public int Canary { get; init; }

    /// <summary><c>--host-timeout</c>: the whole of one host's work (null = no limit).</summary>
    public TimeSpan? HostTimeout { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
