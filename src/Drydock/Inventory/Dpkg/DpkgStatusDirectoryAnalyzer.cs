using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Packages of distroless images, which have no single status file but <c>var/lib/dpkg/status.d/&lt;name&gt;</c>,
/// one or more status stanzas per file, with an optional <c>&lt;name&gt;.md5sums</c> beside it. A package's layer
/// is the layer of its own file.
/// </summary>
internal sealed class DpkgStatusDirectoryAnalyzer : IAnalyzer
{
    public const string Directory = "var/lib/dpkg/status.d/";

    public string Id => "dpkg-status-d";

    public int Version => 2;

    /// <summary>A dpkg file over <see cref="PackageDatabaseLimits.MaxDpkgFileBytes"/> is not read (a coverage gap).</summary>
    public long MaxContentBytes(string path) => PackageDatabaseLimits.MaxDpkgFileBytes;

    public bool Wants(string path, long size, int mode) =>
        (path.StartsWith(Directory, StringComparison.Ordinal) && path.IndexOf('/', Directory.Length) < 0)
        || DpkgSideFiles.IsWanted(path);

    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var fs = context.FileSystem;
        var installed = new List<DpkgInstalled>();
        var warnings = new List<InventoryWarning>();
        foreach (var file in fs.Entries)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!file.Path.StartsWith(Directory, StringComparison.Ordinal) || file.Path.IndexOf('/', Directory.Length) >= 0
                || file.Path.EndsWith(".md5sums", StringComparison.Ordinal) || !fs.HasContent(file.Path))
                continue;
            try
            {
                DpkgStatusParser.Result parsed;
                using (var reader = new StreamReader(fs.OpenRead(file.Path))) parsed = DpkgStatusParser.Parse(reader, context.CancellationToken);
                warnings.AddRange(parsed.Problems.Select(p => new InventoryWarning(file.Path, file.LayerIndex, p)));
                installed.AddRange(parsed.Installed.Select(e => new DpkgInstalled(e, file.Path, file.LayerIndex,
                    DpkgSideFiles.Files(fs, e, file.Path + ".md5sums"), DpkgSideFiles.Licenses(fs, e.Name))));
            }
            catch (IOException ex)
            {
                warnings.Add(new InventoryWarning(file.Path, file.LayerIndex, "unreadable: " + ex.Message));
            }
        }
        return new AnalyzerResult { Packages = DpkgPackageFactory.Build(installed, context.Os), Warnings = warnings };
    }
}
