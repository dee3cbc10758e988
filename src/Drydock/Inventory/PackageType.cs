namespace Drydock.Inventory;

/// <summary>The ecosystem of a package; also its purl type (see <see cref="PackageTypes.PurlType"/>).</summary>
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

public static class PackageTypes
{
    /// <summary>The purl type (purl-spec PURL-TYPES.rst).</summary>
    public static string PurlType(this PackageType t) => t switch
    {
        PackageType.Deb => "deb",
        PackageType.Apk => "apk",
        PackageType.Rpm => "rpm",
        PackageType.Npm => "npm",
        PackageType.Python => "pypi",
        PackageType.Go => "golang",
        PackageType.Maven => "maven",
        PackageType.NuGet => "nuget",
        PackageType.Gem => "gem",
        PackageType.Cargo => "cargo",
        PackageType.Composer => "composer",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>OS packages come from the distribution; the rest are "library" packages (Trivy's <c>--pkg-types</c>).</summary>
    public static bool IsOsPackage(this PackageType t) => t is PackageType.Deb or PackageType.Apk or PackageType.Rpm;
}
