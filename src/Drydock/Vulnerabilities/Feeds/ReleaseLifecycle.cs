namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// When one OS release stops getting free security fixes. <see cref="Release"/> is the lifecycle key
/// <c>&lt;family&gt;:&lt;release&gt;</c> (<see cref="LifecycleFamilies.Key"/>). <see cref="EndOfLife"/> is the date
/// when one is published; otherwise <see cref="Ended"/> says whether support is over (endoflife.date's <c>eol: true</c>
/// or <c>false</c>).
/// </summary>
public sealed record ReleaseLifecycle(string Release, DateOnly? EndOfLife, bool Ended, string Source)
{
    public DateOnly? ReleaseDate { get; init; }
    public string? Latest { get; init; }

    /// <summary>True when support ended before <paramref name="today"/> (the EOL day itself is still supported).</summary>
    public bool IsOver(DateOnly today) => EndOfLife is { } eol ? today > eol : Ended;
}
