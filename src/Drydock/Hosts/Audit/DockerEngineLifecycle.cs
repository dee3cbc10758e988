using System.Globalization;

namespace Drydock.Hosts.Audit;

/// <summary>
/// When each Docker Engine release branch stopped being maintained. Source: the Moby project's branch policy
/// (github.com/moby/moby, project/BRANCHES-AND-TAGS.md: a major release branch is maintained until one month after
/// the next major release; 20.10 by its announced end of 2023-12-10) applied to the release dates of docs.docker.com
/// /engine/release-notes, as recorded on <see cref="AsOf"/>. A branch newer than the table is unknown, never assumed
/// maintained; the engine's API version names the branch when its version text does not parse (development builds).
/// </summary>
internal static class DockerEngineLifecycle
{
    /// <summary>The date the table was last checked against its sources (docs/hosts.md "Daemon findings").</summary>
    public static readonly DateOnly AsOf = new(2025, 11, 10);

    public const string Source = "Moby branch policy and Docker Engine release notes";

    /// <summary>Branch, the newest API version of its first release, release date, end of maintenance (null = maintained on <see cref="AsOf"/>).</summary>
    private static readonly (Version Branch, Version Api, DateOnly Released, DateOnly? EndOfLife)[] Branches =
    [
        (new(20, 10), new(1, 41), new(2020, 12, 8), new(2023, 12, 10)),
        (new(23, 0), new(1, 42), new(2023, 2, 1), new(2023, 6, 16)),
        (new(24, 0), new(1, 43), new(2023, 5, 16), new(2024, 2, 19)),
        (new(25, 0), new(1, 44), new(2024, 1, 19), new(2024, 4, 20)),
        (new(26, 0), new(1, 45), new(2024, 3, 20), new(2024, 7, 24)),
        (new(27, 0), new(1, 46), new(2024, 6, 24), new(2025, 3, 19)),
        (new(28, 0), new(1, 48), new(2025, 2, 19), new(2025, 12, 10)),
        (new(29, 0), new(1, 52), new(2025, 11, 10), null),
    ];

    /// <summary>The finding for a Docker Engine of version <paramref name="version"/> (API <paramref name="apiVersion"/>) on <paramref name="today"/>.</summary>
    public static (string Outcome, string Reason) Assess(string? version, string? apiVersion, DateOnly today)
    {
        var named = $"Docker Engine {version ?? "?"} (API {apiVersion ?? "?"})";
        var asOf = $"{Source}, as of {Day(AsOf)}";
        var byVersion = BranchOf(version);
        var byApi = System.Version.TryParse(apiVersion, out var api) ? api : null;
        if (byVersion is not null ? byVersion < Branches[0].Branch : byApi is not null && byApi < Branches[0].Api)
            return (AuditVerdicts.Fail, $"{named} is older than {Branches[0].Branch} (released {Day(Branches[0].Released)}), whose own end of life was {Day(Branches[0].EndOfLife!.Value)} ({asOf})");
        if (byVersion is not null ? byVersion > Branches[^1].Branch : byApi is not null && byApi > Branches[^1].Api)
            return (AuditVerdicts.Unknown, $"{named} is newer than the end-of-life table ({asOf})");
        var row = byVersion is not null ? Branches.Where(b => b.Branch == byVersion).Cast<(Version, Version, DateOnly, DateOnly?)?>().FirstOrDefault()
            : byApi is not null ? Branches.Where(b => b.Api <= byApi).Cast<(Version, Version, DateOnly, DateOnly?)?>().LastOrDefault() : null;
        if (row is not { } found) return (AuditVerdicts.Unknown, $"{named}: neither the version nor the API version names a known release branch");
        var (branch, _, released, end) = found;
        var label = $"{named}, branch {(branch.Major >= 23 ? branch.Major + ".x" : branch.ToString())} (released {Day(released)})";
        return end switch
        {
            { } e when e <= today => (AuditVerdicts.Fail, $"{label} reached end of life on {Day(e)}: no security fixes ({asOf})"),
            { } e => (AuditVerdicts.Pass, $"{label} is maintained until {Day(e)} ({asOf})"),
            null => (AuditVerdicts.Pass, $"{label} was maintained on {Day(AsOf)}, the table's date ({Source})"),
        };
    }

    /// <summary><c>20.10.24+dfsg1</c> → 20.10; <c>28.3.1</c> → 28.0 (one branch per major since 23.0); null when it does not parse.</summary>
    private static Version? BranchOf(string? version)
    {
        if (version is null) return null;
        var parts = version.Split('.', 3);
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)) return null;
        var minorText = new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray());
        if (!int.TryParse(minorText, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)) return null;
        return major >= 23 ? new Version(major, 0) : new Version(major, minor);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
