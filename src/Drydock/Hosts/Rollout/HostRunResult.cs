using Drydock.Hosts.Update;

namespace Drydock.Hosts.Rollout;

/// <summary>What a fleet run did on one host: its outcome, why it failed or was skipped, and every container it looked at.</summary>
public sealed record HostRunResult(string Host, HostOutcome Outcome, string? Error, IReadOnlyList<ContainerRunResult> Containers, TimeSpan Duration)
{
    /// <summary>Counts against <c>--max-errors</c> and halts a canary wave.</summary>
    public bool Failed => Outcome is HostOutcome.Failed or HostOutcome.Unreachable or HostOutcome.TimedOut;

    /// <summary>A host whose containers all came through: failed when one was rolled back, failed, or asked for by name while pinned.</summary>
    public static HostRunResult Finished(string host, IReadOnlyList<ContainerRunResult> containers, TimeSpan duration) =>
        new(host, containers.Any(c => c.Failure) ? HostOutcome.Failed : HostOutcome.Succeeded, null, containers, duration);
}

/// <summary>
/// <c>succeeded</c>; <c>failed</c> (a container was rolled back or failed); <c>unreachable</c> (the engine could not be
/// reached or the run on it broke off); <c>timed-out</c> (<c>--host-timeout</c>); <c>skipped</c> (never started: the canary
/// failed or the error budget was spent).
/// </summary>
public enum HostOutcome
{
    Succeeded,
    Failed,
    Unreachable,
    TimedOut,
    Skipped,
}

/// <summary>One container of a host run: from which image to which (image ids), the outcome, the health the gate saw, how long it took.</summary>
public sealed record ContainerRunResult(string Name, ContainerOutcome Outcome, string? FromImageId, string? ToImageId, string? Health, TimeSpan Duration, string Message)
{
    /// <summary>Rolled back, failed, or asked for by name while pinned.</summary>
    public bool Failure { get; init; }

    /// <summary>The report's from/to are the image before the run and the one moved to or tried (a rollback's outcome names them the other way).</summary>
    public static ContainerRunResult From(UpdateOutcome o) => new(o.ContainerName, o.Kind switch
    {
        UpdateResultKind.Updated => ContainerOutcome.Updated,
        UpdateResultKind.RolledBack => ContainerOutcome.RolledBack,
        UpdateResultKind.Recovered => ContainerOutcome.Recovered,
        _ => ContainerOutcome.Failed,
    }, o.Kind == UpdateResultKind.RolledBack ? o.ToImageId : o.FromImageId, o.Kind == UpdateResultKind.RolledBack ? o.FromImageId : o.ToImageId, o.Health, o.Duration, o.Message)
    {
        Failure = o.Kind is UpdateResultKind.RolledBack or UpdateResultKind.Failed,
    };

    /// <summary>
    /// A <c>host rollback</c> (the backout plan, run by hand): the container came up on its previous image is
    /// <c>rolledback</c>, a success, from the image it ran to the previous one; the previous image failed its gate and the
    /// container was put back is <c>failed</c>; an interrupted update completed instead is <c>recovered</c>.
    /// </summary>
    public static ContainerRunResult FromRollback(UpdateOutcome o) => o.Kind switch
    {
        UpdateResultKind.Updated => new(o.ContainerName, ContainerOutcome.RolledBack, o.FromImageId, o.ToImageId, o.Health, o.Duration, o.Message),
        UpdateResultKind.RolledBack => From(o) with { Outcome = ContainerOutcome.Failed },
        _ => From(o),
    };
}

/// <summary>
/// What happened to a container: <c>updated</c>, <c>rolledback</c>, <c>recovered</c>, <c>failed</c>, <c>kept</c> (current,
/// unresolvable or rejected latest), <c>pinned</c>; with <c>--dry-run</c>: <c>update</c>, <c>keep</c>, <c>recover</c>.
/// </summary>
public enum ContainerOutcome
{
    Updated,
    RolledBack,
    Recovered,
    Failed,
    Kept,
    Pinned,
    Update,
    Keep,
    Recover,
}
