namespace Drydock.Inventory;

/// <summary>
/// One installed package. <see cref="Version"/> is the ecosystem's full comparable version: dpkg
/// <c>[epoch:]upstream[-revision]</c>, rpm <c>[epoch:]version-release</c>, apk <c>version-rN</c>, or the language
/// ecosystem's own string. <see cref="LayerIndex"/> is the layer that installed it: for single-file databases that
/// every install rewrites (dpkg <c>status</c>, apk <c>installed</c>) the layer from which the database lists this
/// version, otherwise the layer that last wrote the record it was read from (rpm databases, manifests).
/// </summary>
public sealed record Package
{
    public required PackageType Type { get; init; }

    /// <summary>Namespace where the ecosystem has one: Maven group id, npm scope (with '@'), Go module path prefix is part of Name.</summary>
    public string? Namespace { get; init; }
    public required string Name { get; init; }
    public required string Version { get; init; }

    /// <summary>rpm / dpkg epoch when present (also folded into <see cref="Version"/>).</summary>
    public int? Epoch { get; init; }
    public string? Architecture { get; init; }

    /// <summary>Source package (dpkg <c>Source:</c>, apk origin, rpm source rpm name), null when it equals <see cref="Name"/>.</summary>
    public string? SourceName { get; init; }
    public string? SourceVersion { get; init; }

    /// <summary>The package URL, identical for the same package in every report.</summary>
    public required string Purl { get; init; }
    public IReadOnlyList<string> Licenses { get; init; } = [];
    public string? Vendor { get; init; }
    public string? Maintainer { get; init; }
    public string? ModularityLabel { get; init; }

    /// <summary>Red Hat images only: the content sets / build the package came from (scopes Red Hat's CPE-keyed data).</summary>
    public RedHatBuildInfo? BuildInfo { get; init; }

    /// <summary>Names (or purls for language packages) of what this package depends on, where the database records it.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Installed files where the database lists them (paths without leading slash).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The file the package was found in (<c>var/lib/dpkg/status</c>, <c>app/node_modules/x/package.json</c>).</summary>
    public required string FoundIn { get; init; }

    /// <summary>
    /// The application's own manifest (a root <c>package.json</c> beside its <c>node_modules</c>), not a dependency:
    /// listed in the inventory and SBOMs (CycloneDX type application, SPDX described package), never matched against advisories.
    /// </summary>
    public bool IsApplication { get; init; }
    public required int LayerIndex { get; init; }

    /// <summary>The name advisories are keyed by (source package for Debian/Ubuntu, origin for Alpine).</summary>
    public string AdvisoryName => SourceName ?? Name;
}
