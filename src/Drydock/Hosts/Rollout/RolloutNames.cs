namespace Drydock.Hosts.Rollout;

/// <summary>The names outcomes have in the run report, the table and the JSON alike (docs/hosts.md "Run report").</summary>
public static class RolloutNames
{
    public static string Of(HostOutcome outcome) => outcome switch
    {
        HostOutcome.Succeeded => "succeeded",
        HostOutcome.Failed => "failed",
        HostOutcome.Unreachable => "unreachable",
        HostOutcome.TimedOut => "timed-out",
        HostOutcome.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static string Of(ContainerOutcome outcome) => outcome switch
    {
        ContainerOutcome.Updated => "updated",
        ContainerOutcome.RolledBack => "rolledback",
        ContainerOutcome.Recovered => "recovered",
        ContainerOutcome.Failed => "failed",
        ContainerOutcome.Kept => "kept",
        ContainerOutcome.Pinned => "pinned",
        ContainerOutcome.Update => "update",
        ContainerOutcome.Keep => "keep",
        ContainerOutcome.Recover => "recover",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
