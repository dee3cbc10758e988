namespace Drydock.Inventory;

/// <summary>
/// Everything true of one package ecosystem, in one row of <see cref="Ecosystems.All"/>: its purl type (purl-spec
/// PURL-TYPES.rst), its version scheme (an <c>IVersionComparer</c> id), whether the distribution ships it, and for a
/// language ecosystem its advisory namespace, its OSV ecosystem name (OSV schema, "Defined ecosystems"), how
/// advisories spell its package names, and the analyzers that find it. A language ecosystem is matched by the language
/// matcher over its namespace; an OS package type by the matcher its distribution's <c>Distro</c> row names.
/// </summary>
public sealed record Ecosystem
{
    public required PackageType Type { get; init; }

    /// <summary>The purl type: <c>deb</c>, <c>pypi</c>, <c>golang</c>…</summary>
    public required string PurlType { get; init; }

    /// <summary>The version scheme its versions follow: <c>deb</c>, <c>pep440</c>, <c>semver</c>…</summary>
    public required string VersionScheme { get; init; }

    /// <summary>OS packages come from the distribution; the rest are "library" packages (Trivy's <c>--pkg-types</c>).</summary>
    public bool IsOsPackage { get; init; }

    /// <summary>The advisory namespace of a language ecosystem (<c>pypi</c>, <c>crates.io</c>); null for OS packages, whose namespace is their release's.</summary>
    public string? AdvisoryNamespace { get; init; }

    /// <summary>The OSV ecosystem name (<c>PyPI</c>, <c>RubyGems</c>); null for OS packages (their distribution's row names its own).</summary>
    public string? OsvEcosystem { get; init; }

    /// <summary>How the database writer and the matchers spell a package name of this ecosystem, so both sides of a lookup agree.</summary>
    public PackageNameRule NameRule { get; init; }

    /// <summary>What joins a package's namespace to its name in advisories (Maven <c>group:artifact</c>, npm <c>@scope/name</c>); null when advisories use the name alone.</summary>
    public string? NameSeparator { get; init; }

    /// <summary>The analyzers that find its packages, in the order they run.</summary>
    public IReadOnlyList<IAnalyzer> Analyzers { get; init; } = [];
}
