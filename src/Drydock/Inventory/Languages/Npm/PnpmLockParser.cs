using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Drydock.Inventory.Languages.Npm;

/// <summary>
/// Reads <c>pnpm-lock.yaml</c> (github.com/pnpm/spec, lockfile formats 5.x, 6.x and 9.x). Every resolved package is a
/// key of <c>packages</c>: <c>/name/1.2.3_peer</c> before 6.0, <c>/name@1.2.3(peer)</c> in 6.x, <c>name@1.2.3</c> in 9.x;
/// explicit <c>name:</c>/<c>version:</c> fields win (tarball and git dependencies). Formats before 9 mark development
/// packages <c>dev: true</c>, which are left out; 9.x no longer records it per package, so there the packages
/// reachable from the importers' <c>dependencies</c>/<c>optionalDependencies</c> through <c>snapshots</c> are kept.
/// </summary>
internal static class PnpmLockParser
{
    private static readonly string[] RuntimeSections = ["dependencies", "optionalDependencies"];

    public static IReadOnlyList<ParsedPackage> Parse(Stream stream)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(stream)) yaml.Load(reader);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidDataException("pnpm-lock.yaml is not a YAML mapping");
        var format = Scalar(root, "lockfileVersion") is { } v
            && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : 9;
        if (Child(root, "packages") is not YamlMappingNode packages) return [];

        var production = format >= 9 ? ProductionSnapshots(root) : null;
        var found = new Dictionary<string, ParsedPackage>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in packages.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || valueNode is not YamlMappingNode value) continue;
            if (Scalar(value, "dev") == "true") continue;
            var (keyName, keyVersion) = SplitKey(key, format);
            var fullName = Scalar(value, "name") ?? keyName;
            var version = Scalar(value, "version") ?? keyVersion;
            if (string.IsNullOrEmpty(fullName) || string.IsNullOrEmpty(version)) continue;
            if (production is not null && !production.Contains($"{keyName}@{keyVersion}")) continue;
            var (ns, name) = NpmNames.Split(fullName);
            var deps = Child(value, "dependencies") is YamlMappingNode d
                ? d.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").Where(k => k.Length > 0).Order(StringComparer.Ordinal).ToList()
                : [];
            found.TryAdd($"{fullName}@{version}", new ParsedPackage(ns, name, version) { DependsOn = deps });
        }
        return [.. found.Values];
    }

    /// <summary>
    /// name@version (peer suffix removed) of every snapshot reachable from the importers' runtime dependencies, or null
    /// when the lockfile has no importers or snapshots to walk.
    /// </summary>
    private static HashSet<string>? ProductionSnapshots(YamlMappingNode root)
    {
        if (Child(root, "importers") is not YamlMappingNode importers || Child(root, "snapshots") is not YamlMappingNode snapshots) return null;
        var queue = new Queue<string>();
        foreach (var importer in importers.Children.Values.OfType<YamlMappingNode>())
        {
            foreach (var section in RuntimeSections)
            {
                if (Child(importer, section) is not YamlMappingNode deps) continue;
                foreach (var (name, spec) in deps.Children)
                {
                    var version = spec is YamlMappingNode m ? Scalar(m, "version") : (spec as YamlScalarNode)?.Value;
                    if (name is YamlScalarNode { Value: { } n } && version is not null) queue.Enqueue($"{n}@{version}");
                }
            }
        }
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var key))
        {
            if (!seen.Add(key)) continue;
            var paren = key.IndexOf('(', StringComparison.Ordinal);
            reached.Add(paren > 0 ? key[..paren] : key);
            if (Child(snapshots, key) is not YamlMappingNode snapshot) continue;
            foreach (var section in RuntimeSections)
            {
                if (Child(snapshot, section) is not YamlMappingNode deps) continue;
                foreach (var (name, version) in deps.Children)
                {
                    if (name is YamlScalarNode { Value: { } n } && version is YamlScalarNode { Value: { } v }) queue.Enqueue($"{n}@{v}");
                }
            }
        }
        return reached;
    }

    /// <summary>Name and version from a <c>packages</c> key, peer-dependency suffixes removed.</summary>
    public static (string Name, string Version) SplitKey(string key, double format)
    {
        var k = key.TrimStart('/');
        var paren = k.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0) k = k[..paren];
        if (format < 6)
        {
            var slash = k.LastIndexOf('/');
            if (slash <= 0) return ("", "");
            var version = k[(slash + 1)..];
            var underscore = version.IndexOf('_', StringComparison.Ordinal);
            return (k[..slash], underscore > 0 ? version[..underscore] : version);
        }
        var at = k.IndexOf('@', 1);
        return at > 0 ? (k[..at], k[(at + 1)..]) : ("", "");
    }

    private static YamlNode? Child(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var n) ? n : null;

    private static string? Scalar(YamlMappingNode m, string key) => (Child(m, key) as YamlScalarNode)?.Value;
}
