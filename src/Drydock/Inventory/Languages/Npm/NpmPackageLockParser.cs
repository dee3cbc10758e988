using System.Text.Json;

namespace Drydock.Inventory.Languages.Npm;

/// <summary>
/// Reads <c>package-lock.json</c> (docs.npmjs.com/cli/configuring-npm/package-lock-json). Version 2 and 3 list every
/// installed folder under <c>packages</c>, keyed <c>node_modules/a/node_modules/b</c> (the root is key "", symlinked
/// workspaces carry <c>link: true</c>); version 1 nests <c>dependencies</c> objects. Packages marked <c>dev</c> are
/// left out, as <c>npm install --omit=dev</c> and Trivy's default do. The same name@version is reported once.
/// </summary>
internal static class NpmPackageLockParser
{
    public static IReadOnlyList<ParsedPackage> Parse(Stream stream)
    {
        using var doc = JsonDocument.Parse(stream, JsonOptions.Lenient);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("package-lock.json is not a JSON object");
        var found = new Dictionary<string, ParsedPackage>(StringComparer.Ordinal);
        if (root.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in packages.EnumerateObject())
            {
                if (!p.Name.Contains("node_modules/", StringComparison.Ordinal) || p.Value.ValueKind != JsonValueKind.Object) continue;
                if (IsTrue(p.Value, "link") || IsTrue(p.Value, "dev")) continue;
                var name = p.Value.StringProperty("name") ?? NpmNames.FromLockKey(p.Name);
                Add(found, name, p.Value, "dependencies");
            }
        }
        else if (root.TryGetProperty("dependencies", out var deps))
        {
            AddVersion1(found, deps);
        }
        return [.. found.Values];
    }

    private static void AddVersion1(Dictionary<string, ParsedPackage> found, JsonElement deps)
    {
        if (deps.ValueKind != JsonValueKind.Object) return;
        foreach (var d in deps.EnumerateObject())
        {
            if (d.Value.ValueKind != JsonValueKind.Object || IsTrue(d.Value, "dev")) continue;
            Add(found, d.Name, d.Value, "requires");
            if (d.Value.TryGetProperty("dependencies", out var nested)) AddVersion1(found, nested);
        }
    }

    private static void Add(Dictionary<string, ParsedPackage> found, string fullName, JsonElement e, string depsProperty)
    {
        var version = e.StringProperty("version");
        if (string.IsNullOrEmpty(version)) return;
        var (ns, name) = NpmNames.Split(fullName);
        found.TryAdd($"{fullName}@{version}", new ParsedPackage(ns, name, version)
        {
            Licenses = e.StringProperty("license") is { Length: > 0 } l ? [l] : [],
            DependsOn = NpmPackageJsonParser.KeysOf(e, depsProperty),
        });
    }

    private static bool IsTrue(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
