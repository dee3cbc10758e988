namespace Drydock.Inventory.OsRelease;

/// <summary>
/// Everything true of one OS family, in one row of <see cref="Distros.All"/>: the os-release ids that name it, the
/// package type its vendor publishes advisories for (and so which matcher reads it), how a release is cut from its
/// version (for its advisory namespace <c>&lt;family&gt;:&lt;release&gt;</c> and its end-of-life key), its OSV
/// ecosystem name, and where its end of life is looked up (an endoflife.date product, or rolling).
/// </summary>
public sealed record Distro
{
    /// <summary>The stable family id (<see cref="OsFamilies"/>).</summary>
    public required string Family { get; init; }

    /// <summary>os-release <c>ID</c> values that name this family.</summary>
    public IReadOnlyList<string> OsReleaseIds { get; init; } = [];

    /// <summary>When several families share an os-release id (CentOS Stream keeps <c>ID=centos</c>), the word in NAME that picks this one.</summary>
    public string? NameMarker { get; init; }

    /// <summary>The package type the vendor's advisories are about; null when Drydock matches none of its packages.</summary>
    public PackageType? Packages { get; init; }

    /// <summary>True when Drydock knows an advisory feed for the family: it then has the namespace <c>&lt;family&gt;:&lt;release&gt;</c>.</summary>
    public bool Advisories { get; init; }

    /// <summary>How many version components name a release (Debian 1: <c>12</c>; Ubuntu 2: <c>22.04</c>); 0 for rolling families.</summary>
    public int Components { get; init; }

    /// <summary>True when no release ever ends (its one namespace is <c>&lt;family&gt;:rolling</c> when it has advisories).</summary>
    public bool Rolling { get; init; }

    /// <summary>Red Hat's CPE-scoped data applies (content sets, image build records): the Red Hat matcher, not the plain rpm one.</summary>
    public bool CpeScoped { get; init; }

    /// <summary>True when the vendor's rpm advisories name source packages (Photon), not binary ones.</summary>
    public bool SourceKeyed { get; init; }

    /// <summary>The OSV ecosystem name (<c>Debian</c>, <c>Red Hat</c>); null when OSV publishes none Drydock reads.</summary>
    public string? OsvEcosystem { get; init; }

    /// <summary>The release named by an OSV ecosystem suffix (<c>Debian:12</c> → <c>12</c>) when the generic cut does not fit; null skips the record.</summary>
    public Func<string, string?>? OsvRelease { get; init; }

    /// <summary>The release of a detected OS when the generic cut of its version does not fit (Alpine edge, Debian by codename).</summary>
    public Func<OsInfo, string?>? Release { get; init; }

    /// <summary>The namespace of its rpm purls when it is not the family id (the vendor's distribution id, as Trivy writes it: <c>almalinux</c>, <c>suse</c>).</summary>
    public string? RpmPurlNamespace { get; init; }

    /// <summary>The endoflife.date product; null when endoflife.date has none.</summary>
    public string? LifecycleProduct { get; init; }

    /// <summary>True when the product's <c>extendedSupport</c> is free security support (Debian LTS), not a paid extension.</summary>
    public bool FreeExtendedSupport { get; init; }

    /// <summary>Release codenames the vendor's tracker uses (Debian's <c>bookworm</c> → <c>12</c>).</summary>
    public IReadOnlyDictionary<string, string> Codenames { get; init; } = new Dictionary<string, string>();
}
