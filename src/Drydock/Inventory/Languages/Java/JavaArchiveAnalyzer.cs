namespace Drydock.Inventory.Languages.Java;

/// <summary>Maven artifacts in every Java archive of the image (<c>*.jar</c>, <c>*.war</c>, <c>*.ear</c>, <c>*.par</c>, <c>*.sar</c>, Jenkins <c>*.jpi</c>/<c>*.hpi</c>).</summary>
internal sealed class JavaArchiveAnalyzer : IAnalyzer
{
    public string Id => "java-archive";

    public int Version => 1;

    public bool Wants(string path, long size, int mode) => JavaArchiveParser.IsArchiveName(path);

    public AnalyzerResult Analyze(AnalysisContext context) =>
        ManifestAnalysis.Run(context, PackageType.Maven, e => JavaArchiveParser.IsArchiveName(e.Path),
            (stream, entry) => JavaArchiveParser.Parse(stream, ManifestAnalysis.FileName(entry.Path)));
}
