namespace Drydock.Hosts.Update;

/// <summary>
/// Decides whether a freshly started container is good: with a HEALTHCHECK, it must report <c>healthy</c>
/// (<c>unhealthy</c> fails at once); without one, it must stay running, not restarting, with an unchanged restart
/// count, for <see cref="UpdateOptions.StableFor"/>. Either way within <see cref="UpdateOptions.HealthTimeout"/>.
/// </summary>
public static class HealthWaiter
{
    public static async Task<(bool Good, string Why)> WaitAsync(IDockerEngine engine, string containerId, UpdateOptions options, CancellationToken ct)
    {
        var clock = options.Clock;
        var deadline = clock.GetUtcNow() + options.HealthTimeout;
        DateTimeOffset? stableSince = null;
        int? restarts = null;
        while (true)
        {
            var inspect = await engine.InspectContainerAsync(containerId, ct);
            if (inspect is null) return (false, "the new container disappeared");
            var c = ContainerInfo.From(inspect);
            if (c.HasHealthcheck && c.Running && c.Health is null or "starting" && await engine.RunHealthcheckAsync(containerId, ct))
            {
                // An engine that does not run healthchecks by itself (podman without systemd) ran it now: look again.
                inspect = await engine.InspectContainerAsync(containerId, ct);
                if (inspect is null) return (false, "the new container disappeared");
                c = ContainerInfo.From(inspect);
            }
            restarts ??= c.RestartCount;
            if (c.HasHealthcheck && c.Health is not null)
            {
                if (c.Health == "healthy") return (true, "healthy");
                if (c.Health == "unhealthy") return (false, "its HEALTHCHECK reports unhealthy");
            }
            else if (!c.HasHealthcheck)
            {
                if (!c.Running && !c.Restarting) return (false, "it exited");
                if (c.Running && !c.Restarting && c.RestartCount == restarts)
                {
                    stableSince ??= clock.GetUtcNow();
                    if (clock.GetUtcNow() - stableSince >= options.StableFor) return (true, $"running for {options.StableFor.TotalSeconds:0}s without restarting");
                }
                else
                {
                    stableSince = null;
                    restarts = c.RestartCount;
                }
            }
            if (clock.GetUtcNow() >= deadline)
                return (false, c.HasHealthcheck ? $"not healthy within {options.HealthTimeout.TotalSeconds:0}s (status {c.Health ?? "none"})" : $"not stable within {options.HealthTimeout.TotalSeconds:0}s");
            await Task.Delay(options.PollInterval, clock, ct);
        }
    }
}
