using Drydock.Inventory;
using Drydock.Inventory.OsRelease;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// Alpine, Wolfi and Chainguard packages against their secdb for that branch (alpine 3.11.5 → <c>alpine:3.11</c>).
/// secdb is keyed by origin (the aport that built the subpackage), so <c>libcrypto1.1</c> is looked up as <c>openssl</c>.
/// </summary>
internal sealed class ApkMatcher : IMatcher
{
    public string Name => "apk";

    public bool CanMatch(OsInfo os, Package package) =>
        package.Type == PackageType.Apk && Distros.Find(os.Family) is { Packages: PackageType.Apk };

    public IEnumerable<Finding> Match(OsInfo os, Package package, MatchContext context)
    {
        if (AdvisoryNamespaces.ForOs(os) is not { } ns) return [];
        var rows = context.Affected(ns, package.AdvisoryName);
        return FindingBuilder.Build(package, rows, package.Version, context);
    }
}
