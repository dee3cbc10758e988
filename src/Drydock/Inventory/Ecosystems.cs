using Drydock.Inventory.Apk;
using Drydock.Inventory.Dpkg;
using Drydock.Inventory.Languages.DotNet;
using Drydock.Inventory.Languages.Go;
using Drydock.Inventory.Languages.Java;
using Drydock.Inventory.Languages.Npm;
using Drydock.Inventory.Languages.Php;
using Drydock.Inventory.Languages.Python;
using Drydock.Inventory.Languages.Ruby;
using Drydock.Inventory.Languages.Rust;
using Drydock.Inventory.RedHat;
using Drydock.Inventory.Rpm;

namespace Drydock.Inventory;

/// <summary>
/// The one table of package ecosystems: one row per <see cref="PackageType"/>, in enum order (OS package managers
/// first). Adding an ecosystem is a folder for its analyzer and one row here; a test checks every type has a complete
/// row. <see cref="Drydock.Inventory.Analyzers.All"/>, the purl types, the advisory namespaces, OSV's ecosystem names,
/// the version schemes, the name rules and the language matchers are all read from it.
/// </summary>
public static class Ecosystems
{
    public static IReadOnlyList<Ecosystem> All { get; } =
    [
        new() { Type = PackageType.Deb, PurlType = "deb", VersionScheme = "deb", IsOsPackage = true, Analyzers = [new DpkgStatusAnalyzer(), new DpkgStatusDirectoryAnalyzer()] },
        new() { Type = PackageType.Apk, PurlType = "apk", VersionScheme = "apk", IsOsPackage = true, Analyzers = [new ApkInstalledAnalyzer()] },
        new()
        {
            Type = PackageType.Rpm, PurlType = "rpm", VersionScheme = "rpm", IsOsPackage = true,
            Analyzers = [RpmDatabaseAnalyzer.Sqlite, RpmDatabaseAnalyzer.BerkeleyDb, RpmDatabaseAnalyzer.Ndb, new RedHatBuildInfoAnalyzer()],
        },
        new()
        {
            Type = PackageType.Npm, PurlType = "npm", VersionScheme = "npm", AdvisoryNamespace = "npm", OsvEcosystem = "npm", NameSeparator = "/",
            Analyzers = [new NpmPackageJsonAnalyzer(), new NpmLockfileAnalyzer()],
        },
        new()
        {
            Type = PackageType.Python, PurlType = "pypi", VersionScheme = "pep440", AdvisoryNamespace = "pypi", OsvEcosystem = "PyPI", NameRule = PackageNameRule.Pep503,
            Analyzers = [PythonMetadataAnalyzer.DistInfo, PythonMetadataAnalyzer.EggInfo],
        },
        new() { Type = PackageType.Go, PurlType = "golang", VersionScheme = "go", AdvisoryNamespace = "go", OsvEcosystem = "Go", NameSeparator = "/", Analyzers = [new GoBinaryAnalyzer()] },
        new() { Type = PackageType.Maven, PurlType = "maven", VersionScheme = "maven", AdvisoryNamespace = "maven", OsvEcosystem = "Maven", NameSeparator = ":", Analyzers = [new JavaArchiveAnalyzer()] },
        new()
        {
            Type = PackageType.NuGet, PurlType = "nuget", VersionScheme = "nuget", AdvisoryNamespace = "nuget", OsvEcosystem = "NuGet", NameRule = PackageNameRule.LowerCase,
            Analyzers = [new DotNetDepsAnalyzer()],
        },
        new() { Type = PackageType.Gem, PurlType = "gem", VersionScheme = "gem", AdvisoryNamespace = "rubygems", OsvEcosystem = "RubyGems", Analyzers = [new GemspecAnalyzer()] },
        new() { Type = PackageType.Cargo, PurlType = "cargo", VersionScheme = "semver", AdvisoryNamespace = "crates.io", OsvEcosystem = "crates.io", Analyzers = [new RustBinaryAnalyzer()] },
        // No Composer comparer is registered: Packagist versions are semver-like with an optional 'v' and stability
        // suffixes (1.0.0-beta2, 2.1-RC1), which the lenient semver reading covers (as composer/semver normalises them).
        new()
        {
            Type = PackageType.Composer, PurlType = "composer", VersionScheme = "semver", AdvisoryNamespace = "packagist", OsvEcosystem = "Packagist",
            NameRule = PackageNameRule.LowerCase, NameSeparator = "/", Analyzers = [new ComposerInstalledAnalyzer()],
        },
    ];

    private static readonly Dictionary<PackageType, Ecosystem> ByType = All.ToDictionary(e => e.Type);

    private static readonly Dictionary<string, Ecosystem> ByAdvisoryNamespace =
        All.Where(e => e.AdvisoryNamespace is not null).ToDictionary(e => e.AdvisoryNamespace!, StringComparer.Ordinal);

    /// <summary>The row of <paramref name="type"/>; every defined type has one (a test checks it).</summary>
    public static Ecosystem Of(PackageType type) =>
        ByType.TryGetValue(type, out var row) ? row : throw new ArgumentOutOfRangeException(nameof(type), type, "no ecosystem row for this package type");

    /// <summary>The language ecosystem whose advisory namespace is <paramref name="advisoryNamespace"/> (<c>pypi</c>), or null.</summary>
    public static Ecosystem? ByNamespace(string advisoryNamespace) => ByAdvisoryNamespace.GetValueOrDefault(advisoryNamespace);
}
