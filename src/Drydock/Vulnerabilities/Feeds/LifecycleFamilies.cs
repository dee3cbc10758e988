using Drydock.Inventory;
using Drydock.Inventory.OsRelease;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// How each OS family Drydock detects is looked up for end of life: its endoflife.date product (null when
/// endoflife.date has none), how many version components name a release, whether the product's
/// <c>extendedSupport</c> is free security support (Debian LTS) rather than a paid extension (Ubuntu ESM, SUSE LTSS,
/// RHEL ELS), or that the family is rolling (no release ever ends). One row per family, read from <see cref="Distros"/>.
/// </summary>
public static class LifecycleFamilies
{
    public sealed record Row(string Family, string? Product, int Components, bool Rolling = false, bool FreeExtendedSupport = false);

    public static readonly IReadOnlyList<Row> All =
        Distros.All.Select(d => new Row(d.Family, d.LifecycleProduct, d.Rolling ? 0 : d.Components, d.Rolling, d.FreeExtendedSupport)).ToList();

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
        return ReleaseNumbers.First(os.Version, row.Components) is { } release ? os.Family + ":" + release : null;
    }
}
