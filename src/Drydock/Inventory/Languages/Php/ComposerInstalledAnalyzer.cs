namespace Drydock.Inventory.Languages.Php;

/// <summary>PHP packages Composer installed, from every <c>vendor/composer/installed.json</c> in the image.</summary>
internal sealed class ComposerInstalledAnalyzer : IAnalyzer
{
    public string Id => "composer-installed";

    public int Version => 1;

    public bool Wants(string path, long size, int mode) => Selects(path);

    public AnalyzerResult Analyze(AnalysisContext context) =>
        ManifestAnalysis.Run(context, PackageType.Composer, e => Selects(e.Path), (stream, _) => ComposerInstalledParser.Parse(stream));

    private static bool Selects(string path) =>
        path == "vendor/composer/installed.json" || path.EndsWith("/vendor/composer/installed.json", StringComparison.Ordinal);
}
