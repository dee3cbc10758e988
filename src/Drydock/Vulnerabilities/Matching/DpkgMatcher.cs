using Drydock.Inventory;
using Drydock.Inventory.OsRelease;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// Debian and Ubuntu packages against their vendor's advisories for that release only. Debian's tracker and
/// Ubuntu's CVE tracker are keyed by source package, so the lookup is by <see cref="Package.AdvisoryName"/> and the
/// comparison uses the source version when dpkg recorded one (a binNMU <c>+b1</c> binary still carries its source's fix).
/// </summary>
internal sealed class DpkgMatcher : IMatcher
{
    public string Name => "dpkg";

    public bool CanMatch(OsInfo os, Package package) =>
        package.Type == PackageType.Deb && Distros.Find(os.Family) is { Packages: PackageType.Deb };

    public IEnumerable<Finding> Match(OsInfo os, Package package, MatchContext context)
    {
        if (AdvisoryNamespaces.ForOs(os) is not { } ns) return [];
        var rows = context.Affected(ns, package.AdvisoryName);
        var installed = SourceVersion(package);
        return FindingBuilder.Build(package, rows, installed, context);
    }

    // dpkg's Source: field may carry its own version ("Source: glibc (2.36-9)"); the epoch is only in Version.
    private static string SourceVersion(Package package)
    {
        if (package.SourceVersion is not { Length: > 0 } source) return package.Version;
        return package.Epoch is > 0 && !source.Contains(':', StringComparison.Ordinal) ? package.Epoch + ":" + source : source;
    }
}
