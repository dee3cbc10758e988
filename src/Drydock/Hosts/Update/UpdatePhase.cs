namespace Drydock.Hosts.Update;

/// <summary>
/// Where an update of one container got to. Recorded in the state file BEFORE each step, so that a crash at any
/// point can be completed or backed out by the next run (see <see cref="ContainerUpdater.RecoverAsync"/>).
/// </summary>
public enum UpdatePhase
{
    /// <summary>Backout point recorded; the old container is untouched.</summary>
    Recorded,

    /// <summary>The old container is being stopped.</summary>
    Stopping,

    /// <summary>The old container is stopped and renamed aside (<c>name-drydock-old</c>).</summary>
    RenamedAside,

    /// <summary>The new container is being created and started under the original name.</summary>
    Starting,

    /// <summary>The new container runs; waiting for it to be healthy or stable.</summary>
    Verifying,

    /// <summary>The new container failed; being replaced by the old one again.</summary>
    RollingBack,
}
