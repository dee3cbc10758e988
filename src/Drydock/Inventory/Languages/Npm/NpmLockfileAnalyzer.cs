using System.Text.Json;
using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Languages.Npm;

/// <summary>
/// Packages an application pins in <c>package-lock.json</c>, <c>yarn.lock</c> or <c>pnpm-lock.yaml</c>. A lockfile
/// beside an installed <c>node_modules</c> folder is skipped: the installed packages are reported by
/// <see cref="NpmPackageJsonAnalyzer"/>, and reporting the pins as well would name every package twice. Development
/// dependencies are left out; for yarn.lock, which does not mark them, the packages reachable from the sibling
/// package.json's <c>dependencies</c> and <c>optionalDependencies</c> are kept (all of them when there is none).
/// </summary>
internal sealed class NpmLockfileAnalyzer : IAnalyzer
{
    private static readonly string[] RuntimeDependencyProperties = ["dependencies", "optionalDependencies"];

    public string Id => "npm-lockfile";

    public int Version => 1;

    public bool Wants(string path, long size, int mode) =>
        !InNodeModules(path) && ManifestAnalysis.FileNameSpan(path) is "package-lock.json" or "yarn.lock" or "pnpm-lock.yaml" or "package.json";

    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var fs = context.FileSystem;
        return ManifestAnalysis.Run(context, PackageType.Npm, e => IsLockfile(e) && !HasNodeModules(fs, e.Path), (stream, entry) =>
            ManifestAnalysis.FileName(entry.Path) switch
            {
                "package-lock.json" => NpmPackageLockParser.Parse(stream),
                "pnpm-lock.yaml" => PnpmLockParser.Parse(stream),
                _ => YarnProduction(YarnLockParser.Parse(stream), RootDependencies(fs, ManifestAnalysis.Directory(entry.Path) + "package.json")),
            });
    }

    private static bool IsLockfile(FileEntry e) =>
        !InNodeModules(e.Path) && ManifestAnalysis.FileName(e.Path) is "package-lock.json" or "yarn.lock" or "pnpm-lock.yaml";

    private static bool InNodeModules(string path) =>
        path.StartsWith("node_modules/", StringComparison.Ordinal) || path.Contains("/node_modules/", StringComparison.Ordinal);

    private static bool HasNodeModules(IFileSystemView fs, string lockfile) =>
        fs.Get(ManifestAnalysis.Directory(lockfile) + "node_modules") is { Kind: FileKind.Directory };

    /// <summary>name → range of the app's runtime dependencies, or null when there is no readable package.json.</summary>
    private static List<(string Name, string Range)>? RootDependencies(IFileSystemView fs, string packageJson)
    {
        if (!fs.HasContent(packageJson)) return null;
        try
        {
            using var stream = fs.OpenRead(packageJson);
            using var doc = JsonDocument.Parse(stream, JsonOptions.Lenient);
            return [.. RuntimeDependencyProperties
                .SelectMany(p => doc.RootElement.TryGetProperty(p, out var d) && d.ValueKind == JsonValueKind.Object ? d.EnumerateObject() : default)
                .Select(d => (d.Name, d.Value.ValueKind == JsonValueKind.String ? d.Value.GetString() ?? "" : ""))];
        }
        catch (JsonException)
        {
            return null; // A broken package.json only loses the dev/prod split; the lockfile itself is still reported.
        }
    }

    private static IEnumerable<ParsedPackage> YarnProduction(IReadOnlyList<YarnEntry> entries, List<(string Name, string Range)>? roots)
    {
        var byPattern = new Dictionary<string, YarnEntry>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            foreach (var p in e.Patterns) byPattern.TryAdd(p, e);
        }
        IEnumerable<YarnEntry> kept = entries;
        if (roots is not null)
        {
            var reached = new HashSet<YarnEntry>();
            var queue = new Queue<(string Name, string Range)>(roots);
            while (queue.TryDequeue(out var dep))
            {
                // Yarn 1 keys are name@range; Berry adds the protocol (name@npm:range) unless the range already has one.
                var hits = byPattern.TryGetValue($"{dep.Name}@{dep.Range}", out var e) || byPattern.TryGetValue($"{dep.Name}@npm:{dep.Range}", out e)
                    ? [e]
                    : entries.Where(x => x.Name == dep.Name);
                foreach (var hit in hits.Where(reached.Add))
                {
                    foreach (var d in hit.Dependencies) queue.Enqueue(d);
                }
            }
            kept = entries.Where(reached.Contains);
        }
        return kept.DistinctBy(e => (e.Name, e.Version)).Select(e =>
        {
            var (ns, name) = NpmNames.Split(e.Name);
            return new ParsedPackage(ns, name, e.Version) { DependsOn = [.. e.Dependencies.Select(d => d.Name).Distinct().Order(StringComparer.Ordinal)] };
        });
    }
}
