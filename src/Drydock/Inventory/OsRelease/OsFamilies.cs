namespace Drydock.Inventory.OsRelease;

/// <summary>
/// The stable family ids of <see cref="OsInfo.Family"/>. They are Trivy's OS type names (pkg/fanal/types/const.go),
/// so reports and advisory buckets line up with the tool most people compare against. Each has one row of
/// <see cref="Distros"/> (a test checks it).
/// </summary>
public static class OsFamilies
{
    public const string ActiveState = "activestate";
    public const string Alma = "alma";
    public const string Alpine = "alpine";
    public const string Amazon = "amazon";
    public const string AzureLinux = "azurelinux";
    public const string Bottlerocket = "bottlerocket";
    public const string CblMariner = "cbl-mariner";
    public const string CentOs = "centos";
    public const string CentOsStream = "centos-stream";
    public const string Chainguard = "chainguard";
    public const string CoreOs = "coreos";
    public const string Debian = "debian";
    public const string Echo = "echo";
    public const string Fedora = "fedora";
    public const string MinimOs = "minimos";
    public const string OpenSuseLeap = "opensuse-leap";
    public const string OpenSuseTumbleweed = "opensuse-tumbleweed";
    public const string Oracle = "oracle";
    public const string Photon = "photon";
    public const string RedHat = "redhat";
    public const string Rocky = "rocky";
    public const string SleMicro = "slem";
    public const string Sles = "sles";
    public const string Ubuntu = "ubuntu";
    public const string Wolfi = "wolfi";

    /// <summary>Maps an os-release <c>ID</c> to a family, or null when the id is not one we know (never guessed); read from <see cref="Distros"/>.</summary>
    internal static string? FromOsReleaseId(string id, string name) => Distros.FromOsReleaseId(id, name);
}
