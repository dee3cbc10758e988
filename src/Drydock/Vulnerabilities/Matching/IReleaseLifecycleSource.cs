using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>End-of-life data held outside the code (the database's <c>os_lifecycle</c> table, from the <c>endoflife</c> feed).</summary>
public interface IReleaseLifecycleSource
{
    /// <summary>The lifecycle of <paramref name="release"/> (a <see cref="LifecycleFamilies.Key"/>), or null when the source has none.</summary>
    ReleaseLifecycle? FindLifecycle(string release);
}
