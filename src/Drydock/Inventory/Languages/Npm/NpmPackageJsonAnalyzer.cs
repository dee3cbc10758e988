using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Languages.Npm;

/// <summary>
/// Installed npm packages: one per <c>node_modules/**/package.json</c> (as Trivy's node-pkg analyzer does for images).
/// Every copy counts: two versions of a package nested in different trees are two installations.
/// </summary>
internal sealed class NpmPackageJsonAnalyzer : IAnalyzer
{
    public string Id => "npm-package-json";

    public int Version => 1;

    public bool Wants(string path, long size, int mode) => NpmNames.IsInstalledManifest(path);

    public AnalyzerResult Analyze(AnalysisContext context) =>
        ManifestAnalysis.Run(context, PackageType.Npm, e => NpmNames.IsInstalledManifest(e.Path), Parse);

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
