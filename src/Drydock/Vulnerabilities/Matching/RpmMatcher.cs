using Drydock.Inventory;
using Drydock.Inventory.OsRelease;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// rpm distributions (the <see cref="Distros"/> rows of rpm families: Red Hat's rebuilds, Oracle, Amazon, SUSE,
/// openSUSE, Photon…) against their vendor's data for that release. Their advisories name binary packages, so the
/// lookup is by <see cref="Package.Name"/>, except where the row says they are keyed by source rpm (Photon): then the
/// source rpm's name is read and, for a subpackage, its own binary name too, because Photon's data also has entries for
/// packages that are no spec's name (an rpm without a source rpm is looked up by its name). The comparison is
/// epoch-aware (<c>[epoch:]version-release</c>, a missing epoch is 0 as in rpm's labelCompare).
/// </summary>
internal sealed class RpmMatcher : IMatcher
{
    public string Name => "rpm";

    public bool CanMatch(OsInfo os, Package package) => package.Type == PackageType.Rpm && Distros.Find(os.Family) is { Packages: PackageType.Rpm };

    public IEnumerable<Finding> Match(OsInfo os, Package package, MatchContext context)
    {
        if (AdvisoryNamespaces.ForOs(os) is not { } ns) return [];
        var installed = package.Epoch is > 0 && !package.Version.Contains(':', StringComparison.Ordinal)
            ? package.Epoch + ":" + package.Version
            : package.Version;
        var sourceKeyed = Distros.Find(os.Family) is { SourceKeyed: true };
        var rows = context.Affected(ns, sourceKeyed ? package.AdvisoryName : package.Name);
        if (sourceKeyed && package.AdvisoryName != package.Name && context.Affected(ns, package.Name) is { Count: > 0 } binary)
            rows = [.. rows, .. binary];
        return FindingBuilder.Build(package, rows, installed, context);
    }
}
