namespace Drydock.Inventory.Languages.Ruby;

/// <summary>
/// Installed Ruby gems: every <c>specifications/*.gemspec</c> (the directory RubyGems keeps in each gem home, e.g.
/// <c>usr/local/bundle/specifications</c>, <c>var/lib/gems/3.1.0/specifications</c>).
/// </summary>
internal sealed class GemspecAnalyzer : IAnalyzer
{
    public string Id => "gemspec";

    public int Version => 1;

    public bool Wants(string path, long size, int mode) => Selects(path);

    public AnalyzerResult Analyze(AnalysisContext context) =>
        ManifestAnalysis.Run(context, PackageType.Gem, e => Selects(e.Path),
            (stream, _) => GemspecParser.Parse(stream) is { } p ? [p] : []);

    private static bool Selects(string path)
    {
        if (!path.EndsWith(".gemspec", StringComparison.Ordinal)) return false;
        var dir = ManifestAnalysis.Directory(path);
        return dir == "specifications/" || dir.EndsWith("/specifications/", StringComparison.Ordinal);
    }
}
