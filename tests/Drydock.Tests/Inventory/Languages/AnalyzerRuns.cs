using Drydock.Inventory;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Languages;

/// <summary>Runs an analyzer as the scanner would: over a view that kept only the files the analyzer declared.</summary>
internal static class AnalyzerRuns
{
    public static AnalyzerResult Run(this MemoryFileSystem fs, IAnalyzer analyzer) =>
        analyzer.Analyze(new AnalysisContext(fs.KeepingOnly(analyzer), OsInfo.Unknown, CancellationToken.None));

    /// <summary>Adds one host file (shared test data) at <paramref name="path"/>.</summary>
    public static MemoryFileSystem AddHostFile(this MemoryFileSystem fs, string path, string hostFile) =>
        fs.AddFile(path, File.ReadAllBytes(hostFile));
}
