namespace Drydock.Inventory.Languages.Python;

/// <summary>
/// Installed Python distributions, one per metadata file. Two instances: <c>python-dist-info</c> reads
/// <c>*.dist-info/METADATA</c> (wheels, pip, PEP 376/627); <c>python-egg-info</c> reads <c>*.egg-info/PKG-INFO</c>
/// and the single-file <c>*.egg-info</c> that setuptools and Debian's python3-* packages install. The purl name is the
/// PEP 503 normalised name (purl-spec, type pypi).
/// </summary>
internal sealed class PythonMetadataAnalyzer : IAnalyzer
{
    private readonly Func<string, bool> _selects;

    private PythonMetadataAnalyzer(string id, Func<string, bool> selects)
    {
        Id = id;
        _selects = selects;
    }

    public static PythonMetadataAnalyzer DistInfo { get; } =
        new("python-dist-info", p => p.EndsWith(".dist-info/METADATA", StringComparison.Ordinal));

    public static PythonMetadataAnalyzer EggInfo { get; } =
        new("python-egg-info", p => p.EndsWith(".egg-info/PKG-INFO", StringComparison.Ordinal) || p.EndsWith(".egg-info", StringComparison.Ordinal));

    public string Id { get; }

    public int Version => 1;

    public bool Wants(string path, long size, int mode) => _selects(path);

    public AnalyzerResult Analyze(AnalysisContext context) =>
        ManifestAnalysis.Run(context, PackageType.Python, e => _selects(e.Path),
            (stream, _) => PythonMetadataParser.Parse(stream) is { } p ? [p] : []);
}
