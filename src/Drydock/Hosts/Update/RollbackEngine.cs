namespace Drydock.Hosts.Update;

/// <summary>
/// Which engine a <c>host rollback NAME</c> means when several are configured: the one whose update state
/// (<see cref="UpdateStateStore"/>, keyed by engine) holds a record of NAME, an update in progress or a completed one.
/// Refuses to guess: records on two engines, or an engine that could not be asked, is an error naming the hosts,
/// so that a rollback never touches an engine it was not meant for.
/// </summary>
public static class RollbackEngine
{
    /// <summary>One configured engine: its state store, or the one-line error that kept it from being asked.</summary>
    public sealed record Candidate(string Host, UpdateStateStore? Store, string? Error);

    /// <summary>The index in <paramref name="engines"/> of the one engine that has records of <paramref name="containerName"/>.</summary>
    public static int Choose(string containerName, IReadOnlyList<Candidate> engines)
    {
        var holding = engines.Select((e, i) => (e, i))
            .Where(x => x.e.Store is { } s && (s.Load(containerName) is not null || s.History(containerName).Count > 0)).ToList();
        if (holding.Count > 1)
            throw new UsageException($"container '{containerName}' has update records on {holding.Count} engines ({string.Join(", ", holding.Select(x => x.e.Host))}): " +
                "give --host (or --context) for the one to roll back");
        var unasked = engines.Where(e => e.Store is null).ToList();
        if (unasked.Count > 0)
            throw new DrydockException($"cannot tell which engine '{containerName}' belongs to: {string.Join("; ", unasked.Select(e => $"{e.Host}: {e.Error}"))}; " +
                "give --host (or --context) for the one to roll back");
        if (holding.Count == 0)
            throw new DrydockException($"no recorded update for container '{containerName}' on any of the {engines.Count} engines ({string.Join(", ", engines.Select(e => e.Host))}); nothing to roll back to");
        return holding[0].i;
    }
}
