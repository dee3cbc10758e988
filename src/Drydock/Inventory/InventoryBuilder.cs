using Drydock.Images.FileSystem;
using Drydock.Inventory.RedHat;

namespace Drydock.Inventory;

/// <summary>
/// Builds the inventory of an image: the OS first (<see cref="Analyzers.Os"/>), then every analyzer over the same
/// view, then hands each rpm the Red Hat build info of its layer (<see cref="RedHatBuildInfoLayers"/>). An analyzer
/// that fails on a damaged file contributes a warning, never an exception, so the scan goes on and is marked partial; so does a declared file whose content was over a read bound
/// (<see cref="UnreadFiles"/>). Output is deterministic: packages sorted by type, name, version, FoundIn; warnings by path,
/// layer, message.
/// </summary>
public static class InventoryBuilder
{
    public static ImageInventory Build(IFileSystemView fs, IReadOnlyList<IAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(analyzers);
        var os = Analyzers.Os.Detect(fs);
        var context = new AnalysisContext(fs, os, cancellationToken);
        var packages = new List<Package>();
        var warnings = new List<InventoryWarning>();
        var buildInfo = new Dictionary<int, RedHatBuildInfo>();
        foreach (var analyzer in analyzers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = analyzer.Analyze(context);
                packages.AddRange(result.Packages);
                warnings.AddRange(result.Warnings);
                foreach (var (layer, info) in result.BuildInfoByLayer) buildInfo[layer] = info;
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // Last line of defence for hostile input: an analyzer bug must not abort the scan, and the report says
                // which analyzer failed over which of its files (the file, when it read only one).
                warnings.Add(Failed(analyzer, fs, ex));
            }
        }
        warnings.AddRange(UnreadFiles.Find(fs, analyzers, cancellationToken));
        return new ImageInventory
        {
            Os = os,
            Packages = [.. RedHatBuildInfoLayers.Apply(packages, buildInfo)
                .OrderBy(p => p.Type)
                .ThenBy(p => p.Name, StringComparer.Ordinal)
                .ThenBy(p => p.Version, StringComparer.Ordinal)
                .ThenBy(p => p.FoundIn, StringComparer.Ordinal)
                .ThenBy(p => p.Architecture, StringComparer.Ordinal)],
            Warnings = [.. warnings
                .Distinct()
                .OrderBy(w => w.Path, StringComparer.Ordinal)
                .ThenBy(w => w.LayerIndex)
                .ThenBy(w => w.Message, StringComparer.Ordinal)],
        };
    }

    private static InventoryWarning Failed(IAnalyzer analyzer, IFileSystemView fs, Exception ex)
    {
        var files = fs.Entries.Where(e => e.Kind == FileKind.File && fs.HasContent(e.Path) && analyzer.Wants(e.Path, e.Size, e.Mode)).ToList();
        var what = $"analyzer {analyzer.Id} failed: {ex.GetType().Name}: {ex.Message}";
        if (files.Count == 1) return new InventoryWarning(files[0].Path, files[0].LayerIndex, what);
        var named = string.Join(", ", files.Take(3).Select(f => $"{f.Path} (layer {f.LayerIndex})"));
        return new InventoryWarning(analyzer.Id, null, files.Count == 0 ? what : $"{what} (over {files.Count} files: {named}{(files.Count > 3 ? ", …" : "")})");
    }
}
