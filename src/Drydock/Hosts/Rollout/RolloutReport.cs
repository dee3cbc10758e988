namespace Drydock.Hosts.Rollout;

/// <summary>
/// A fleet run: every host in the order given (skipped ones included), the options it ran with, and why it stopped
/// early (<see cref="Halted"/>: the canary failed or the error budget was exceeded; null when every host was started).
/// </summary>
public sealed record RolloutReport(IReadOnlyList<HostRunResult> Hosts, RolloutOptions Options, string? Halted, DateTimeOffset StartedAt, TimeSpan Duration)
{
    public const int SchemaVersion = 1;

    public bool AnyFailed => Hosts.Any(h => h.Failed || h.Outcome == HostOutcome.Skipped);

    /// <summary>No host could be reached at all: a runtime error rather than a failed update.</summary>
    public bool NoneReached => Hosts.Count > 0 && Hosts.All(h => h.Outcome is HostOutcome.Unreachable);

    public int Count(HostOutcome outcome) => Hosts.Count(h => h.Outcome == outcome);
}
