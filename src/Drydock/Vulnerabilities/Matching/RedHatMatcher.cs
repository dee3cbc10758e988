using Drydock.Inventory;
using Drydock.Inventory.OsRelease;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// Red Hat Enterprise Linux, UBI and CentOS packages against Red Hat's CPE-scoped data, as Trivy's redhat detector
/// does: the package's content sets (or, without any, its image build's NVR; without a build record, the release's
/// default content sets) are mapped to CPEs, and only rows stored under those CPEs apply. A modular rpm is looked up
/// as <c>module:stream::name</c>. Rows of the release's own namespace (OSV's Red Hat data) are read as well.
/// </summary>
internal sealed class RedHatMatcher : IMatcher
{
    // Trivy's defaults (pkg/detector/ospkg/redhat): the repositories a RHEL/CentOS image without content manifests uses.
    private static readonly Dictionary<string, string[]> DefaultContentSets = new(StringComparer.Ordinal)
    {
        ["6"] = ["rhel-6-server-rpms", "rhel-6-server-extras-rpms"],
        ["7"] = ["rhel-7-server-rpms", "rhel-7-server-extras-rpms"],
        ["8"] = ["rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms"],
        ["9"] = ["rhel-9-for-x86_64-baseos-rpms", "rhel-9-for-x86_64-appstream-rpms"],
        ["10"] = ["rhel-10-for-x86_64-baseos-rpms", "rhel-10-for-x86_64-appstream-rpms"],
    };

    public string Name => "redhat";

    public bool CanMatch(OsInfo os, Package package) => package.Type == PackageType.Rpm && Distros.Find(os.Family) is { CpeScoped: true };

    public IEnumerable<Finding> Match(OsInfo os, Package package, MatchContext context)
    {
        var key = RpmPurl.ModularKey(package.ModularityLabel, package.Name);
        var rows = new List<AffectedPackage>();
        foreach (var ns in Namespaces(os, package, context)) rows.AddRange(context.Affected(ns, key));
        if (AdvisoryNamespaces.ForOs(os) is { } own) rows.AddRange(context.Affected(own, package.Name));
        var installed = package.Epoch is > 0 && !package.Version.Contains(':', StringComparison.Ordinal)
            ? package.Epoch + ":" + package.Version
            : package.Version;
        return FindingBuilder.Build(package, rows, installed, context);
    }

    private static IEnumerable<string> Namespaces(OsInfo os, Package package, MatchContext context)
    {
        var contentSets = package.BuildInfo?.ContentSets is { Count: > 0 } sets ? sets
            : package.BuildInfo is null && AdvisoryNamespaces.FirstNumber(os.Version, 1) is { } major && DefaultContentSets.TryGetValue(major, out var d) ? d
            : [];
        var cpes = contentSets.SelectMany(c => context.ProductCpes(ProductCpe.Repository, c)).ToList();
        if (cpes.Count == 0 && package.BuildInfo is { Nvr: { } nvr, Arch: { } arch })
            cpes.AddRange(context.ProductCpes(ProductCpe.Nvr, nvr + "-" + arch));
        return cpes.SelectMany(RedHatCpe.MatchingNamespaces).Distinct(StringComparer.Ordinal);
    }
}
