namespace Drydock.Vulnerabilities.Feeds;

/// <summary>Debian release codenames as the security tracker names them (https://wiki.debian.org/DebianReleases).</summary>
public static class DebianCodenames
{
    private static readonly Dictionary<string, string> Versions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["wheezy"] = "7",
        ["jessie"] = "8",
        ["stretch"] = "9",
        ["buster"] = "10",
        ["bullseye"] = "11",
        ["bookworm"] = "12",
        ["trixie"] = "13",
        ["forky"] = "14",
        ["sid"] = "unstable",
    };

    /// <summary>The version for a codename (<c>bookworm</c> → <c>12</c>, <c>sid</c> → <c>unstable</c>), null when unknown.</summary>
    public static string? ToVersion(string codename) => Versions.GetValueOrDefault(codename);
}
