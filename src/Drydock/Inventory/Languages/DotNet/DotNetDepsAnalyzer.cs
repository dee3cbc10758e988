namespace Drydock.Inventory.Languages.DotNet;

/// <summary>NuGet packages of .NET applications, from every <c>*.deps.json</c> the SDK writes beside an app.</summary>
internal sealed class DotNetDepsAnalyzer : IAnalyzer
{
    public string Id => "dotnet-deps";

    public int Version => 1;

    public bool Wants(string path, long size, int mode) => Selects(path);

    public AnalyzerResult Analyze(AnalysisContext context) =>
        ManifestAnalysis.Run(context, PackageType.NuGet, e => Selects(e.Path), (stream, _) => DotNetDepsParser.Parse(stream));

    private static bool Selects(string path) => path.EndsWith(".deps.json", StringComparison.Ordinal);
}
