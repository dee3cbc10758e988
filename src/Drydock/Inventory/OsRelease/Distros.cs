namespace Drydock.Inventory.OsRelease;

/// <summary>
/// The one table of OS families: one row per <see cref="OsFamilies"/> id (Trivy's OS type names), alphabetical.
/// Detection (<see cref="OsReleaseParser"/>), advisory namespaces and version schemes, OSV ecosystem names, the
/// matchers' choice of family and the end-of-life lookup all read it. Adding a distribution is one row here (and a
/// feed for its advisories); a family without a row is "not covered", never matched with another's rules. A test
/// checks every family has a complete row.
/// </summary>
public static class Distros
{
    /// <summary>The release of a rolling family's one namespace (<c>wolfi:rolling</c>).</summary>
    public const string RollingRelease = "rolling";

    // Declared before All, which reads it. Debian release codenames as the security tracker names them (https://wiki.debian.org/DebianReleases).
    private static readonly Dictionary<string, string> DebianCodenames = new(StringComparer.OrdinalIgnoreCase)
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

    public static IReadOnlyList<Distro> All { get; } =
    [
        new() { Family = OsFamilies.ActiveState, OsReleaseIds = ["activestate"], Rolling = true },
        new() { Family = OsFamilies.Alma, RpmPurlNamespace = "almalinux", OsReleaseIds = ["almalinux"], Packages = PackageType.Rpm, Advisories = true, Components = 1, OsvEcosystem = "AlmaLinux", LifecycleProduct = "almalinux" },
        new()
        {
            Family = OsFamilies.Alpine, OsReleaseIds = ["alpine"], Packages = PackageType.Apk, Advisories = true, Components = 2, OsvEcosystem = "Alpine", LifecycleProduct = "alpine-linux",
            Release = os => os.Version.Trim() is var v && (v.Contains("_alpha", StringComparison.Ordinal) || v == "edge") ? "edge" : ReleaseNumbers.First(v, 2),
            OsvRelease = rest => rest.Contains("edge", StringComparison.Ordinal) ? "edge" : ReleaseNumbers.First(rest, 2),
        },
        new() { Family = OsFamilies.Amazon, OsReleaseIds = ["amzn"], Packages = PackageType.Rpm, Advisories = true, Components = 1, LifecycleProduct = "amazon-linux" },
        new() { Family = OsFamilies.AzureLinux, OsReleaseIds = ["azurelinux"], Packages = PackageType.Rpm, Advisories = true, Components = 1, LifecycleProduct = "azure-linux" },
        // Only the newest Bottlerocket release is maintained; hosts update in place.
        new() { Family = OsFamilies.Bottlerocket, OsReleaseIds = ["bottlerocket"], Rolling = true },
        // CBL-Mariner 1.0/2.0 are Azure Linux's earlier releases.
        new() { Family = OsFamilies.CblMariner, RpmPurlNamespace = "mariner", OsReleaseIds = ["mariner"], Packages = PackageType.Rpm, Advisories = true, Components = 1, LifecycleProduct = "azure-linux" },
        new() { Family = OsFamilies.CentOs, OsReleaseIds = ["centos"], Packages = PackageType.Rpm, Advisories = true, Components = 1, CpeScoped = true, LifecycleProduct = "centos" },
        // CentOS Stream keeps ID=centos; only NAME / PRETTY_NAME say "Stream".
        new() { Family = OsFamilies.CentOsStream, RpmPurlNamespace = "centos", OsReleaseIds = ["centos"], NameMarker = "Stream", Packages = PackageType.Rpm, Components = 1, LifecycleProduct = "centos-stream" },
        new() { Family = OsFamilies.Chainguard, OsReleaseIds = ["chainguard"], Packages = PackageType.Apk, Advisories = true, Rolling = true, OsvEcosystem = "Chainguard" },
        // Fedora CoreOS streams update in place.
        new() { Family = OsFamilies.CoreOs, OsReleaseIds = ["coreos"], Packages = PackageType.Rpm, Rolling = true },
        new()
        {
            Family = OsFamilies.Debian, OsReleaseIds = ["debian"], Packages = PackageType.Deb, Advisories = true, Components = 1, OsvEcosystem = "Debian",
            LifecycleProduct = "debian", FreeExtendedSupport = true, Codenames = DebianCodenames,
            Release = os => os.Version.Trim() is { Length: 0 } && os.Codename is { } codename ? DebianCodenames.GetValueOrDefault(codename) : ReleaseNumbers.First(os.Version.Trim(), 1),
        },
        new() { Family = OsFamilies.Echo, OsReleaseIds = ["echo"], Rolling = true },
        new() { Family = OsFamilies.Fedora, OsReleaseIds = ["fedora"], Packages = PackageType.Rpm, Advisories = true, Components = 1, LifecycleProduct = "fedora" },
        new() { Family = OsFamilies.MinimOs, OsReleaseIds = ["minimos"], Rolling = true },
        // openSUSE Leap 42 wrote ID=opensuse, Leap 15 writes ID=opensuse-leap. OSV names Leap and Tumbleweed both "openSUSE".
        new()
        {
            Family = OsFamilies.OpenSuseLeap, RpmPurlNamespace = "opensuse", OsReleaseIds = ["opensuse-leap", "opensuse"], Packages = PackageType.Rpm, Advisories = true, Components = 2,
            OsvEcosystem = "openSUSE", OsvRelease = rest => rest.Contains("Tumbleweed", StringComparison.Ordinal) ? null : ReleaseNumbers.Suse(rest), LifecycleProduct = "opensuse",
        },
        new()
        {
            Family = OsFamilies.OpenSuseTumbleweed, RpmPurlNamespace = "opensuse", OsReleaseIds = ["opensuse-tumbleweed"], Packages = PackageType.Rpm, Advisories = true, Rolling = true,
            OsvEcosystem = "openSUSE", OsvRelease = rest => rest.Contains("Tumbleweed", StringComparison.Ordinal) ? RollingRelease : null,
        },
        new() { Family = OsFamilies.Oracle, OsReleaseIds = ["ol"], Packages = PackageType.Rpm, Advisories = true, Components = 1, LifecycleProduct = "oracle-linux" },
        // Photon's advisories are keyed by source rpm (as Trivy's photon scanner reads them).
        new() { Family = OsFamilies.Photon, OsReleaseIds = ["photon"], Packages = PackageType.Rpm, Advisories = true, Components = 2, SourceKeyed = true },
        new() { Family = OsFamilies.RedHat, OsReleaseIds = ["rhel"], Packages = PackageType.Rpm, Advisories = true, Components = 1, CpeScoped = true, OsvEcosystem = "Red Hat", LifecycleProduct = "rhel" },
        new() { Family = OsFamilies.Rocky, OsReleaseIds = ["rocky"], Packages = PackageType.Rpm, Advisories = true, Components = 1, OsvEcosystem = "Rocky Linux", LifecycleProduct = "rocky-linux" },
        // SLE Micro was rebranded several times (SL Micro 6.0, SLE Micro for Rancher); all are one family.
        new() { Family = OsFamilies.SleMicro, RpmPurlNamespace = "suse", OsReleaseIds = ["sle-micro", "sl-micro", "sle-micro-rancher"], Packages = PackageType.Rpm, Components = 2 },
        new() { Family = OsFamilies.Sles, RpmPurlNamespace = "suse", OsReleaseIds = ["sles"], Packages = PackageType.Rpm, Advisories = true, Components = 2, OsvEcosystem = "SUSE", OsvRelease = ReleaseNumbers.Suse, LifecycleProduct = "sles" },
        // Ubuntu Pro streams are skipped: a plain image does not receive them.
        new()
        {
            Family = OsFamilies.Ubuntu, OsReleaseIds = ["ubuntu"], Packages = PackageType.Deb, Advisories = true, Components = 2, OsvEcosystem = "Ubuntu", LifecycleProduct = "ubuntu",
            OsvRelease = rest => rest.StartsWith("Pro", StringComparison.Ordinal) ? null : ReleaseNumbers.First(rest, 2),
        },
        new() { Family = OsFamilies.Wolfi, OsReleaseIds = ["wolfi"], Packages = PackageType.Apk, Advisories = true, Rolling = true, OsvEcosystem = "Wolfi" },
    ];

    private static readonly Dictionary<string, Distro> ByFamily = All.ToDictionary(d => d.Family, StringComparer.Ordinal);

    /// <summary>The row of <paramref name="family"/>, or null for a family Drydock does not know.</summary>
    public static Distro? Find(string family) => ByFamily.GetValueOrDefault(family);

    /// <summary>Maps an os-release <c>ID</c> (and NAME, for ids several families share) to a family, or null when the id is not one we know (never guessed).</summary>
    public static string? FromOsReleaseId(string id, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var rows = All.Where(d => d.OsReleaseIds.Contains(id, StringComparer.Ordinal)).ToList();
        return (rows.FirstOrDefault(d => d.NameMarker is { } marker && name.Contains(marker, StringComparison.Ordinal))
            ?? rows.FirstOrDefault(d => d.NameMarker is null))?.Family;
    }

    /// <summary>The release of <paramref name="os"/> its advisories are scoped by (<c>12</c>, <c>3.22</c>, <c>rolling</c>), or null when its family has no advisory data or its version names no release.</summary>
    public static string? AdvisoryRelease(OsInfo os)
    {
        ArgumentNullException.ThrowIfNull(os);
        if (Find(os.Family) is not { Advisories: true } row) return null;
        if (row.Release is { } release) return release(os);
        return row.Rolling ? RollingRelease : ReleaseNumbers.First(os.Version.Trim(), row.Components);
    }
}
