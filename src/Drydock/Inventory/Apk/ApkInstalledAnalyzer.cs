using Drydock.Inventory.OsRelease;
using Drydock.Inventory.Purl;

namespace Drydock.Inventory.Apk;

/// <summary>
/// Alpine / Wolfi / Chainguard packages from <c>lib/apk/db/installed</c> (or <c>usr/lib/apk/db/installed</c>, where
/// newer apk-tools keep it). Purl <c>pkg:apk/&lt;family&gt;/name@version?arch=…&amp;distro=&lt;os version&gt;</c>.
/// Dependencies are resolved through names and <c>p:</c> provides (so:, cmd:, pc:) to installed packages. A package's
/// layer is the one that installed its current version (<see cref="InstalledLayers"/>, from the database as each
/// layer wrote it), not the layer that last rewrote the database.
/// </summary>
internal sealed class ApkInstalledAnalyzer : IAnalyzer
{
    private static readonly string[] Paths = ["lib/apk/db/installed", "usr/lib/apk/db/installed"];

    public string Id => "apk-installed";

    public int Version => 2;

    public bool Wants(string path, long size, int mode) => Array.IndexOf(Paths, path) >= 0;

    /// <summary>An <c>installed</c> over <see cref="PackageDatabaseLimits.MaxApkFileBytes"/> is not read (a coverage gap).</summary>
    public long MaxContentBytes(string path) => PackageDatabaseLimits.MaxApkFileBytes;

    public bool WantsVersions(string path) => Array.IndexOf(Paths, path) >= 0;

    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var fs = context.FileSystem;
        var packages = new List<Package>();
        var warnings = new List<InventoryWarning>();
        foreach (var path in Paths)
        {
            if (fs.Get(path) is not { } entry || !fs.HasContent(path)) continue;
            try
            {
                ApkInstalledParser.Result parsed;
                using (var reader = new StreamReader(fs.OpenRead(path))) parsed = ApkInstalledParser.Parse(reader, context.CancellationToken);
                warnings.AddRange(parsed.Problems.Select(p => new InventoryWarning(path, entry.LayerIndex, p)));
                var layers = InstalledLayers.Find(fs.Versions(path), Versions(parsed), s => ReadVersions(s, context.CancellationToken));
                packages.AddRange(ToPackages(parsed.Installed, context.Os, path, n => layers.GetValueOrDefault(n, entry.LayerIndex)));
            }
            catch (IOException ex)
            {
                warnings.Add(new InventoryWarning(path, entry.LayerIndex, "unreadable: " + ex.Message));
            }
        }
        return new AnalyzerResult { Packages = packages, Warnings = warnings };
    }

    private static Dictionary<string, string> ReadVersions(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        return Versions(ApkInstalledParser.Parse(reader, cancellationToken));
    }

    private static Dictionary<string, string> Versions(ApkInstalledParser.Result parsed)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in parsed.Installed) versions.TryAdd(e.Name, e.Version);
        return versions;
    }

    private static IEnumerable<Package> ToPackages(IReadOnlyList<ApkInstalledEntry> installed, OsInfo os, string path, Func<string, int> layer)
    {
        var providers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in installed)
        {
            providers.TryAdd(e.Name, e.Name);
            foreach (var p in e.Provides) providers.TryAdd(p, e.Name);
        }
        var ns = os.Family is OsFamilies.Alpine or OsFamilies.Wolfi or OsFamilies.Chainguard ? os.Family : OsPurlQualifiers.Namespace(os);
        var distro = OsPurlQualifiers.VersionDistro(os);
        foreach (var e in installed)
        {
            var depends = e.Depends
                .Where(d => !d.StartsWith('!')) // '!' marks a conflict, not a dependency
                .Select(d => providers.GetValueOrDefault(d.Split('=', '<', '>', '~')[0]))
                .OfType<string>()
                .Where(n => n != e.Name)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            yield return new Package
            {
                Type = PackageType.Apk,
                Name = e.Name,
                Version = e.Version,
                Architecture = e.Architecture,
                SourceName = e.Origin is { } o && o != e.Name ? o : null,
                SourceVersion = e.Version,
                Licenses = e.License is { } l ? [.. l.Split([' ', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Where(t => t is not ("AND" or "OR" or "WITH"))] : [],
                Maintainer = e.Maintainer,
                DependsOn = depends,
                Files = e.Files,
                Purl = PackageUrl.Build("apk", ns, e.Name, e.Version, [new("arch", e.Architecture), new("distro", distro)]),
                FoundIn = path,
                LayerIndex = layer(e.Name),
            };
        }
    }
}
