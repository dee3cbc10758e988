using Drydock.Inventory;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// Language packages of one ecosystem against that ecosystem's advisories (OSV/GHSA), never against distro data,
/// whatever the OS. The advisory name is the ecosystem's own: Maven <c>group:artifact</c>, npm <c>@scope/name</c>,
/// PyPI and NuGet normalised (<see cref="PackageNames"/>).
/// </summary>
internal sealed class LanguageMatcher(PackageType type) : IMatcher
{
    private readonly string _namespace = AdvisoryNamespaces.ForPackageType(type)
        ?? throw new ArgumentException("not a language package type", nameof(type));

    public string Name => _namespace;

    public bool CanMatch(OsInfo os, Package package) => package.Type == type;

    public IEnumerable<Finding> Match(OsInfo os, Package package, MatchContext context)
    {
        var rows = context.Store.GetAffected(_namespace, PackageNames.Normalize(_namespace, AdvisoryName(package)));
        return FindingBuilder.Build(package, rows, package.Version, context);
    }

    internal static string AdvisoryName(Package package) => package switch
    {
        { Namespace: null or "" } => package.Name,
        { Type: PackageType.Maven } => package.Namespace + ":" + package.Name,
        { Type: PackageType.Npm or PackageType.Composer or PackageType.Go } => package.Namespace + "/" + package.Name,
        _ => package.Name,
    };
}
