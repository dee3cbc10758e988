using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Debian/Ubuntu packages from <c>var/lib/dpkg/status</c>, with installed files from <c>info/*.md5sums</c>,
/// licenses from <c>usr/share/doc/*/copyright</c> and, per package, the layer that installed it: the layer of its
/// <c>info/&lt;pkg&gt;.list</c>, or, where the image stripped those, the layer from which the status file as each
/// layer wrote it lists the package with its current version (<see cref="InstalledLayers"/>).
/// </summary>
internal sealed class DpkgStatusAnalyzer : IAnalyzer
{
    public const string StatusPath = "var/lib/dpkg/status";

    public string Id => "dpkg-status";

    public int Version => 3;

    /// <summary>A dpkg file over <see cref="PackageDatabaseLimits.MaxDpkgFileBytes"/> is not read (a coverage gap).</summary>
    public long MaxContentBytes(string path) => PackageDatabaseLimits.MaxDpkgFileBytes;

    public bool Wants(string path, long size, int mode) => path == StatusPath || DpkgSideFiles.IsWanted(path);

    public bool WantsVersions(string path) => path == StatusPath;

    /// <summary><c>info/&lt;pkg&gt;.list</c>: only its layer is read (<see cref="DpkgSideFiles.InstallLayer"/>).</summary>
    public bool WantsEntry(string path, int mode) =>
        path.StartsWith(DpkgSideFiles.InfoDirectory, StringComparison.Ordinal) && path.EndsWith(".list", StringComparison.Ordinal);

    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var fs = context.FileSystem;
        if (fs.Get(StatusPath) is not { } status || !fs.HasContent(StatusPath)) return AnalyzerResult.Empty;
        try
        {
            DpkgStatusParser.Result parsed;
            using (var reader = new StreamReader(fs.OpenRead(StatusPath))) parsed = DpkgStatusParser.Parse(reader, context.CancellationToken);
            var current = Versions(parsed);
            var history = new Lazy<Dictionary<string, int>>(() => InstalledLayers.Find(fs.Versions(StatusPath), current, s => ReadVersions(s, context.CancellationToken)));
            var installed = parsed.Installed
                .Select(e => new DpkgInstalled(e, StatusPath,
                    DpkgSideFiles.InstallLayer(fs, e, status.LayerIndex) ?? history.Value.GetValueOrDefault(Key(e), status.LayerIndex),
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

    // Multi-arch packages of one name (libc6:amd64, libc6:i386) are different records.
    private static string Key(DpkgStatusEntry e) => e.Name + ":" + e.Architecture;

    private static Dictionary<string, string> Versions(DpkgStatusParser.Result parsed)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in parsed.Installed) versions.TryAdd(Key(e), e.Version);
        return versions;
    }

    private static Dictionary<string, string> ReadVersions(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        return Versions(DpkgStatusParser.Parse(reader, cancellationToken));
    }
}
