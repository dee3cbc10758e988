namespace Drydock.Inventory;

/// <summary>The ecosystem of a package; everything true of it is in its row of <see cref="Ecosystems"/>.</summary>
public enum PackageType
{
    Deb,
    Apk,
    Rpm,
    Npm,
    Python,
    Go,
    Maven,
    NuGet,
    Gem,
    Cargo,
    Composer,
}

/// <summary>What the ecosystem table (<see cref="Ecosystems"/>) says of a package type.</summary>
public static class PackageTypes
{
    /// <summary>The purl type (purl-spec PURL-TYPES.rst).</summary>
    public static string PurlType(this PackageType t) => Ecosystems.Of(t).PurlType;

    /// <summary>OS packages come from the distribution; the rest are "library" packages (Trivy's <c>--pkg-types</c>).</summary>
    public static bool IsOsPackage(this PackageType t) => Ecosystems.Of(t).IsOsPackage;
}
