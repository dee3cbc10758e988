namespace Drydock.Inventory;

/// <summary>How advisories spell the package names of an ecosystem (<see cref="Ecosystem.NameRule"/>).</summary>
public enum PackageNameRule
{
    /// <summary>As written (npm, Go, Maven, RubyGems, crates.io and the distributions).</summary>
    AsWritten,

    /// <summary>PEP 503: lower case, runs of <c>-_.</c> become one <c>-</c> (PyPI).</summary>
    Pep503,

    /// <summary>Compared case-insensitively, stored lower-case (NuGet ids, Packagist names).</summary>
    LowerCase,
}
