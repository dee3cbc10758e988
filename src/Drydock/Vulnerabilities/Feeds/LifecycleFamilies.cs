using Drydock.Inventory;
using Drydock.Inventory.OsRelease;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// How each OS family Drydock detects (<see cref="OsFamilies"/>) is looked up for end of life: its endoflife.date
/// product (null when endoflife.date has none), how many version components name a release, whether the product's
/// <c>extendedSupport</c> is free security support (Debian LTS) rather than a paid extension (Ubuntu ESM, SUSE LTSS,
/// RHEL ELS), or that the family is rolling (no release ever ends). One row per family; a test checks none is missing.
/// </summary>
public static class LifecycleFamilies
{
    public sealed record Row(string Family, string? Product, int Components, bool Rolling = false, bool FreeExtendedSupport = false);

    public static readonly IReadOnlyList<Row> All =
    [
        new(OsFamilies.ActiveState, null, 0, Rolling: true),
        new(OsFamilies.Alma, "almalinux", 1),
        new(OsFamilies.Alpine, "alpine-linux", 2),
        new(OsFamilies.Amazon, "amazon-linux", 1),
        new(OsFamilies.AzureLinux, "azure-linux", 1),
        new(OsFamilies.Bottlerocket, null, 0, Rolling: true), // only the newest release is maintained; hosts update in place
        new(OsFamilies.CblMariner, "azure-linux", 1),          // CBL-Mariner 1.0/2.0 are Azure Linux's earlier releases
        new(OsFamilies.CentOs, "centos", 1),
        new(OsFamilies.CentOsStream, "centos-stream", 1),
        new(OsFamilies.Chainguard, null, 0, Rolling: true),
        new(OsFamilies.CoreOs, null, 0, Rolling: true),          // Fedora CoreOS streams update in place
        new(OsFamilies.Debian, "debian", 1, FreeExtendedSupport: true),
        new(OsFamilies.Echo, null, 0, Rolling: true),
        new(OsFamilies.Fedora, "fedora", 1),
        new(OsFamilies.MinimOs, null, 0, Rolling: true),
        new(OsFamilies.OpenSuseLeap, "opensuse", 2),
        new(OsFamilies.OpenSuseTumbleweed, null, 0, Rolling: true),
        new(OsFamilies.Oracle, "oracle-linux", 1),
        new(OsFamilies.Photon, null, 2),
        new(OsFamilies.RedHat, "rhel", 1),
        new(OsFamilies.Rocky, "rocky-linux", 1),
        new(OsFamilies.SleMicro, null, 2),
        new(OsFamilies.Sles, "sles", 2),
        new(OsFamilies.Ubuntu, "ubuntu", 2),
        new(OsFamilies.Wolfi, null, 0, Rolling: true),
    ];

    public static Row? Find(string family) => All.FirstOrDefault(r => r.Family == family);

    /// <summary>
    /// The lifecycle key of a release: the advisory namespace where there is one (<c>debian:12</c>, <c>alpine:3.22</c>,
    /// <c>sles:15.6</c>), else the family and the row's version components (<c>azurelinux:3</c>); null for rolling or
    /// unknown families and versions without a number.
    /// </summary>
    public static string? Key(OsInfo os)
    {
        ArgumentNullException.ThrowIfNull(os);
        if (Find(os.Family) is not { Rolling: false } row) return null;
        if (AdvisoryNamespaces.ForOs(os) is { } ns) return ns;
        return AdvisoryNamespaces.FirstNumber(os.Version, row.Components) is { } release ? os.Family + ":" + release : null;
    }
}
