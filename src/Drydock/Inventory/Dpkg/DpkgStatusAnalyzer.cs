using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Debian/Ubuntu packages from <c>var/lib/dpkg/status</c>, with installed files from <c>info/*.md5sums</c>,
/// licenses from <c>usr/share/doc/*/copyright</c> and, per package, the layer that installed it.
/// </summary>
internal sealed class DpkgStatusAnalyzer : IAnalyzer
{
    public const string StatusPath = "var/lib/dpkg/status";

    public string Id => "dpkg-status";

    public int Version => 1;

    public bool Wants(string path, long size, int mode) => path == StatusPath || DpkgSideFiles.IsWanted(path);

    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var fs = context.FileSystem;
        if (fs.Get(StatusPath) is not { } status || !fs.HasContent(StatusPath)) return AnalyzerResult.Empty;
        try
        {
            DpkgStatusParser.Result parsed;
            using (var reader = new StreamReader(fs.OpenRead(StatusPath))) parsed = DpkgStatusParser.Parse(reader);
            var installed = parsed.Installed
                .Select(e => new DpkgInstalled(e, StatusPath, DpkgSideFiles.InstallLayer(fs, e, status.LayerIndex),
                    DpkgSideFiles.Files(fs, e), DpkgSideFiles.Licenses(fs, e.Name)))
                .ToList();
            return new AnalyzerResult
            {
                Packages = DpkgPackageFactory.Build(installed, context.Os),
                Warnings = [.. parsed.Problems.Select(p => new InventoryWarning(StatusPath, status.LayerIndex, p))],
            };
        }
        catch (IOException ex)
        {
            return new AnalyzerResult { Warnings = [new InventoryWarning(StatusPath, status.LayerIndex, "unreadable: " + ex.Message)] };
        }
    }
}
