namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Ubuntu release codenames (as the Ubuntu CVE tracker names them) → version (https://wiki.ubuntu.com/Releases).
/// Tracker streams that a plain image does not receive (<c>upstream</c>, <c>devel</c>, <c>esm-*</c>, <c>*/esm</c>,
/// <c>snap</c>…) have no version and are skipped.
/// </summary>
internal static class UbuntuReleases
{
    private static readonly Dictionary<string, string> Versions = new(StringComparer.Ordinal)
    {
        ["dapper"] = "6.06",
        ["hardy"] = "8.04",
        ["intrepid"] = "8.10",
        ["jaunty"] = "9.04",
        ["karmic"] = "9.10",
        ["lucid"] = "10.04",
        ["maverick"] = "10.10",
        ["natty"] = "11.04",
        ["oneiric"] = "11.10",
        ["precise"] = "12.04",
        ["quantal"] = "12.10",
        ["raring"] = "13.04",
        ["saucy"] = "13.10",
        ["trusty"] = "14.04",
        ["utopic"] = "14.10",
        ["vivid"] = "15.04",
        ["wily"] = "15.10",
        ["xenial"] = "16.04",
        ["yakkety"] = "16.10",
        ["zesty"] = "17.04",
        ["artful"] = "17.10",
        ["bionic"] = "18.04",
        ["cosmic"] = "18.10",
        ["disco"] = "19.04",
        ["eoan"] = "19.10",
        ["focal"] = "20.04",
        ["groovy"] = "20.10",
        ["hirsute"] = "21.04",
        ["impish"] = "21.10",
        ["jammy"] = "22.04",
        ["kinetic"] = "22.10",
        ["lunar"] = "23.04",
        ["mantic"] = "23.10",
        ["noble"] = "24.04",
        ["oracular"] = "24.10",
        ["plucky"] = "25.04",
        ["questing"] = "25.10",
        ["resolute"] = "26.04",
    };

    /// <summary>The version of <paramref name="codename"/>, or null for an unknown name or a non-release stream.</summary>
    public static string? Version(string codename) => Versions.GetValueOrDefault(codename);
}
