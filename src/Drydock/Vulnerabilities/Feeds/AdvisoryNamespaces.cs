using Drydock.Inventory;
using Drydock.Inventory.OsRelease;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// The namespace vocabulary shared by feeds and matchers: <c>&lt;family&gt;:&lt;release&gt;</c> for distributions
/// (release cut to what the vendor's advisories are scoped by: Debian and RHEL-likes by major version, Alpine by
/// major.minor, Ubuntu and SUSE by their full release) and the bare ecosystem for language packages. Everything here
/// is read from the tables (<see cref="Distros"/>, <see cref="Ecosystems"/>): a family or ecosystem without a row has
/// no namespace and no scheme, and so reaches the report's coverage section as not covered.
/// </summary>
public static class AdvisoryNamespaces
{
    public const string Rolling = Distros.RollingRelease;

    /// <summary>The namespace of an OS, or null when the family has no advisory data we know of.</summary>
    public static string? ForOs(OsInfo os) =>
        Distros.AdvisoryRelease(os) is { } release ? os.Family + ":" + release : null;

    /// <summary>The namespace of a language package type, or null for OS packages.</summary>
    public static string? ForPackageType(PackageType type) => Ecosystems.Of(type).AdvisoryNamespace;

    /// <summary>
    /// The version scheme of a namespace (<c>debian:12</c> → <c>deb</c>, <c>pypi</c> → <c>pep440</c>), or null when
    /// no row knows the namespace's family (never a guessed scheme).
    /// </summary>
    public static string? SchemeOf(string ns)
    {
        var family = Family(ns);
        if (Ecosystems.ByNamespace(family) is { } ecosystem) return ecosystem.VersionScheme;
        return Distros.Find(family) is { Advisories: true, Packages: { } packages } ? Ecosystems.Of(packages).VersionScheme : null;
    }

    /// <summary>The part before the first ':' (<c>debian</c> of <c>debian:12</c>).</summary>
    public static string Family(string ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var colon = ns.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? ns : ns[..colon];
    }

    /// <summary>
    /// Maps an OSV <c>affected[].package.ecosystem</c> (OSV schema, "Defined ecosystems") to a namespace, or null for
    /// ecosystems Drydock does not scan. A language ecosystem's release suffix (<c>:LTS</c>) is dropped; a
    /// distribution's is cut to a release by its row (Ubuntu Pro streams are skipped: a plain image does not receive them).
    /// </summary>
    public static string? FromOsvEcosystem(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        var parts = ecosystem.Split(':');
        if (Ecosystems.All.FirstOrDefault(e => e.OsvEcosystem == parts[0]) is { } language) return language.AdvisoryNamespace;
        var rest = parts.Length > 1 ? string.Join(':', parts[1..]) : "";
        foreach (var distro in Distros.All.Where(d => d.OsvEcosystem == parts[0]))
        {
            var release = distro.OsvRelease is { } cut ? cut(rest)
                : distro.Rolling ? Rolling
                : ReleaseNumbers.First(rest, distro.Components);
            if (release is not null) return distro.Family + ":" + release;
        }
        return null;
    }

    /// <summary>The first dotted number in <paramref name="text"/>, cut to <paramref name="components"/> parts.</summary>
    internal static string? FirstNumber(string text, int components) => ReleaseNumbers.First(text, components);
}
