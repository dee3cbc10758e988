using Drydock.Inventory;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// Language packages of one ecosystem against that ecosystem's advisories (OSV/GHSA), never against distro data,
/// whatever the OS. The advisory name is the ecosystem's own (<see cref="Ecosystem.NameSeparator"/>): Maven
/// <c>group:artifact</c>, npm <c>@scope/name</c>, PyPI and NuGet normalised (<see cref="PackageNames"/>).
/// </summary>
internal sealed class LanguageMatcher(Ecosystem ecosystem) : IMatcher
{
    private readonly string _namespace = ecosystem.AdvisoryNamespace
        ?? throw new ArgumentException("not a language ecosystem", nameof(ecosystem));

    public string Name => _namespace;

    public bool CanMatch(OsInfo os, Package package) => package.Type == ecosystem.Type;

    public IEnumerable<Finding> Match(OsInfo os, Package package, MatchContext context)
    {
        var rows = context.Affected(_namespace, PackageNames.Normalize(_namespace, AdvisoryName(package)));
        return FindingBuilder.Build(package, rows, package.Version, context);
    }

    private string AdvisoryName(Package package) =>
        package.Namespace is null or "" || ecosystem.NameSeparator is not { } separator ? package.Name : package.Namespace + separator + package.Name;
}
