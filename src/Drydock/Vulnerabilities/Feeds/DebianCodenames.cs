using Drydock.Inventory.OsRelease;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>Debian release codenames as the security tracker names them (https://wiki.debian.org/DebianReleases), from Debian's row of <see cref="Distros"/>.</summary>
public static class DebianCodenames
{
    /// <summary>The version for a codename (<c>bookworm</c> → <c>12</c>, <c>sid</c> → <c>unstable</c>), null when unknown.</summary>
    public static string? ToVersion(string codename) => Distros.Find(OsFamilies.Debian)!.Codenames.GetValueOrDefault(codename);
}
