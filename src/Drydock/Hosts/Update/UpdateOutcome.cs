namespace Drydock.Hosts.Update;

/// <summary>What happened to one container: updated, rolled back (with why), or recovered from an interrupted run.</summary>
public sealed record UpdateOutcome(string ContainerName, UpdateResultKind Kind, string FromImageId, string ToImageId, string Message)
{
    /// <summary>What the health gate saw of the new container: <c>healthy</c>, <c>stable</c> (no HEALTHCHECK), <c>failed</c>, <c>not-started</c>; null when it did not run.</summary>
    public string? Health { get; init; }

    /// <summary>How long the update (or rollback) of this container took.</summary>
    public TimeSpan Duration { get; init; }
}

public enum UpdateResultKind
{
    Updated,
    RolledBack,
    Recovered,
    Failed,
}
