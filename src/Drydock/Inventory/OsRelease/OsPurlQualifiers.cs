namespace Drydock.Inventory.OsRelease;

/// <summary>
/// The OS parts of OS-package URLs (purl-spec PURL-TYPES: deb, rpm, apk take the distribution as namespace and a
/// <c>distro</c> qualifier), written as Trivy writes them so the same package has the same purl in both tools.
/// </summary>
public static class OsPurlQualifiers
{
    /// <summary><c>&lt;family&gt;-&lt;version&gt;</c> (<c>debian-12</c>, <c>redhat-8.9</c>), or null when the OS is unknown.</summary>
    public static string? FamilyDistro(OsInfo os) =>
        os.IsUnknown || os.Version.Length == 0 ? null : os.Family + "-" + os.Version;

    /// <summary>The version alone (<c>3.11.5</c>), as apk purls carry it, or null when unknown.</summary>
    public static string? VersionDistro(OsInfo os) => os.IsUnknown || os.Version.Length == 0 ? null : os.Version;

    /// <summary>The namespace, or null when the OS is unknown: a purl without a namespace is better than a guessed one.</summary>
    public static string? Namespace(OsInfo os) => os.IsUnknown ? null : os.Family;
}
