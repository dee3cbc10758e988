using System.Text.RegularExpressions;
using Drydock.Inventory;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// The namespace vocabulary shared by feeds and matchers: <c>&lt;family&gt;:&lt;release&gt;</c> for distributions
/// (release cut to what the vendor's advisories are scoped by: Debian and RHEL-likes by major version, Alpine by
/// major.minor, Ubuntu and SUSE by their full release) and the bare ecosystem for language packages.
/// </summary>
public static partial class AdvisoryNamespaces
{
    public const string Rolling = "rolling";

    /// <summary>The namespace of an OS, or null when the family has no advisory data we know of.</summary>
    public static string? ForOs(OsInfo os)
    {
        ArgumentNullException.ThrowIfNull(os);
        var family = os.Family;
        var version = os.Version.Trim();
        return family switch
        {
            "wolfi" or "chainguard" or "opensuse-tumbleweed" => family + ":" + Rolling,
            "alpine" when version.Contains("_alpha", StringComparison.Ordinal) || version == "edge" => "alpine:edge",
            "alpine" => Release(family, version, 2),
            "debian" when version.Length == 0 && os.Codename is { } codename => DebianCodenames.ToVersion(codename) is { } v ? "debian:" + v : null,
            "debian" or "redhat" or "centos" or "rocky" or "alma" or "oracle" or "amazon" or "fedora" => Release(family, version, 1),
            "ubuntu" or "sles" or "opensuse-leap" or "photon" => Release(family, version, 2),
            _ => null,
        };
    }

    /// <summary>The namespace of a language package type, or null for OS packages.</summary>
    public static string? ForPackageType(PackageType type) => type switch
    {
        PackageType.Npm => "npm",
        PackageType.Python => "pypi",
        PackageType.Go => "go",
        PackageType.Maven => "maven",
        PackageType.NuGet => "nuget",
        PackageType.Gem => "rubygems",
        PackageType.Cargo => "crates.io",
        PackageType.Composer => "packagist",
        _ => null,
    };

    /// <summary>The version scheme of a namespace (<c>debian:12</c> → <c>deb</c>, <c>pypi</c> → <c>pep440</c>).</summary>
    public static string SchemeOf(string ns) => Family(ns) switch
    {
        "debian" or "ubuntu" => "deb",
        "alpine" or "wolfi" or "chainguard" => "apk",
        "npm" => "npm",
        "pypi" => "pep440",
        "go" => "go",
        "maven" => "maven",
        "nuget" => "nuget",
        "rubygems" => "gem",
        // No Composer comparer is registered yet; Packagist versions are semver-like once a leading 'v' is dropped.
        "crates.io" or "packagist" => "semver",
        _ => "rpm",
    };

    /// <summary>The part before the first ':' (<c>debian</c> of <c>debian:12</c>).</summary>
    public static string Family(string ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var colon = ns.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? ns : ns[..colon];
    }

    /// <summary>
    /// Maps an OSV <c>affected[].package.ecosystem</c> (OSV schema, "Defined ecosystems") to a namespace, or null for
    /// ecosystems Drydock does not scan. Release suffixes such as <c>:LTS</c> are dropped; Ubuntu Pro streams are
    /// skipped because a plain image does not receive them.
    /// </summary>
    public static string? FromOsvEcosystem(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        var parts = ecosystem.Split(':');
        var rest = parts.Length > 1 ? string.Join(':', parts[1..]) : "";
        return parts[0] switch
        {
            "npm" => "npm",
            "PyPI" => "pypi",
            "Go" => "go",
            "Maven" => "maven",
            "NuGet" => "nuget",
            "RubyGems" => "rubygems",
            "crates.io" => "crates.io",
            "Packagist" => "packagist",
            "Wolfi" => "wolfi:" + Rolling,
            "Chainguard" => "chainguard:" + Rolling,
            "Debian" => FirstNumber(rest, 1) is { } d ? "debian:" + d : null,
            "Ubuntu" when rest.StartsWith("Pro", StringComparison.Ordinal) => null,
            "Ubuntu" => FirstNumber(rest, 2) is { } u ? "ubuntu:" + u : null,
            "Alpine" => rest.Contains("edge", StringComparison.Ordinal) ? "alpine:edge" : FirstNumber(rest, 2) is { } a ? "alpine:" + a : null,
            "Red Hat" => FirstNumber(rest, 1) is { } r ? "redhat:" + r : null,
            "Rocky Linux" => FirstNumber(rest, 1) is { } r ? "rocky:" + r : null,
            "AlmaLinux" => FirstNumber(rest, 1) is { } r ? "alma:" + r : null,
            "SUSE" => SuseRelease(rest) is { } s ? "sles:" + s : null,
            "openSUSE" when rest.Contains("Tumbleweed", StringComparison.Ordinal) => "opensuse-tumbleweed:" + Rolling,
            "openSUSE" => SuseRelease(rest) is { } s ? "opensuse-leap:" + s : null,
            _ => null,
        };
    }

    private static string? Release(string family, string version, int components)
    {
        var number = FirstNumber(version, components);
        return number is null ? null : family + ":" + number;
    }

    /// <summary>The first dotted number in <paramref name="text"/>, cut to <paramref name="components"/> parts.</summary>
    internal static string? FirstNumber(string text, int components)
    {
        var m = DottedNumber().Match(text);
        if (!m.Success) return null;
        var parts = m.Value.Split('.');
        return string.Join('.', parts.Take(components));
    }

    // "Linux Enterprise Server 15 SP5" → 15.5; "Leap 15.5" → 15.5.
    private static string? SuseRelease(string text)
    {
        var sp = ServicePack().Match(text);
        if (sp.Success) return sp.Groups[1].Value + "." + sp.Groups[2].Value;
        return FirstNumber(text, 2);
    }

    [GeneratedRegex(@"\d+(\.\d+)*")]
    private static partial Regex DottedNumber();

    [GeneratedRegex(@"(\d+)\s*SP(\d+)")]
    private static partial Regex ServicePack();
}
