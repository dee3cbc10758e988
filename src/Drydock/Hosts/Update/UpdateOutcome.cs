namespace Drydock.Hosts.Update;

/// <summary>What happened to one container: updated, rolled back (with why), or recovered from an interrupted run.</summary>
public sealed record UpdateOutcome(string ContainerName, UpdateResultKind Kind, string FromImageId, string ToImageId, string Message);

public enum UpdateResultKind
{
    Updated,
    RolledBack,
    Recovered,
    Failed,
}
