using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Languages.Npm;

/// <summary>
/// Installed npm packages: one per <c>node_modules/**/package.json</c> (as Trivy's node-pkg analyzer does for images).
/// Every copy counts: two versions of a package nested in different trees are two installations. A <c>package.json</c>
/// outside node_modules whose directory holds an installed tree is the application itself (as Trivy lists it):
/// reported with <see cref="Package.IsApplication"/> and its declared dependencies.
/// </summary>
internal sealed class NpmPackageJsonAnalyzer : IAnalyzer
{
    public string Id => "npm-package-json";

    public int Version => 2;

    public bool Wants(string path, long size, int mode) => NpmNames.IsInstalledManifest(path) || NpmNames.IsApplicationManifestCandidate(path);

    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var installed = ManifestAnalysis.Run(context, PackageType.Npm, e => NpmNames.IsInstalledManifest(e.Path), Parse);
        var roots = installed.Packages.Select(p => NpmNames.ApplicationRootOf(p.FoundIn)).ToHashSet(StringComparer.Ordinal);
        if (roots.Count == 0) return installed;
        var applications = ManifestAnalysis.Run(context, PackageType.Npm,
            e => NpmNames.IsApplicationManifestCandidate(e.Path) && roots.Contains(e.Path[..^"package.json".Length]), Parse);
        return new AnalyzerResult
        {
            Packages = [.. installed.Packages, .. applications.Packages.Select(p => p with { IsApplication = true })],
            Warnings = [.. installed.Warnings, .. applications.Warnings],
        };
    }

    private static IEnumerable<ParsedPackage> Parse(Stream stream, FileEntry entry)
    {
        if (NpmPackageJsonParser.Parse(stream) is not { } m) return [];
        var (ns, name) = NpmNames.Split(m.Name);
        return [new ParsedPackage(ns, name, m.Version)
        {
            Licenses = m.Licenses,
            DependsOn = [.. m.Dependencies.Concat(m.OptionalDependencies).Distinct(StringComparer.Ordinal)],
        }];
    }
}
