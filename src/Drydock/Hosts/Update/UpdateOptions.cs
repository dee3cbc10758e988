namespace Drydock.Hosts.Update;

/// <summary>How long to wait for a new container, and how often to look.</summary>
public sealed record UpdateOptions
{
    /// <summary>Give up and roll back when the new container is not healthy/stable by then (<c>--health-timeout</c>).</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Without a HEALTHCHECK: running and not restarting for this long counts as good (<c>--stable-for</c>).</summary>
    public TimeSpan StableFor { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public IProgressSink Progress { get; init; } = NullProgressSink.Instance;

    /// <summary>
    /// Test hook (the CLI reads <c>DRYDOCK_TEST_PAUSE_AFTER_PHASE</c>): once this phase is recorded, say so on the
    /// progress sink and wait until cancelled, so a test can kill the process exactly there (docs/hosts.md).
    /// </summary>
    public UpdatePhase? PauseAfterPhase { get; init; }
}
