using System.Text.Json;

namespace Drydock.Inventory.Languages.Php;

/// <summary>
/// Reads <c>vendor/composer/installed.json</c>, the record Composer keeps of what it installed
/// (getcomposer.org/doc/07-runtime.md). Composer 1 writes a JSON array of packages; Composer 2 writes
/// <c>{"packages": […], "dev": …, "dev-package-names": […]}</c>, and its development packages are left out.
/// Names are <c>vendor/package</c>: the vendor is the purl namespace (purl-spec, type composer).
/// Dependencies are the <c>require</c> keys that name packages (not <c>php</c> or <c>ext-*</c> platform requirements).
/// </summary>
internal static class ComposerInstalledParser
{
    public static IReadOnlyList<ParsedPackage> Parse(Stream stream)
    {
        using var doc = JsonDocument.Parse(stream, JsonOptions.Lenient);
        var root = doc.RootElement;
        var dev = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        JsonElement packages;
        if (root.ValueKind == JsonValueKind.Array)
        {
            packages = root;
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("packages", out packages) && packages.ValueKind == JsonValueKind.Array)
        {
            if (root.TryGetProperty("dev-package-names", out var names) && names.ValueKind == JsonValueKind.Array)
                dev.UnionWith(names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!));
        }
        else
        {
            throw new InvalidDataException("installed.json is neither an array nor an object with 'packages'");
        }

        var found = new List<ParsedPackage>();
        foreach (var p in packages.EnumerateArray())
        {
            var fullName = p.StringProperty("name");
            var version = p.StringProperty("version");
            if (string.IsNullOrEmpty(fullName) || string.IsNullOrEmpty(version) || dev.Contains(fullName)) continue;
            var slash = fullName.IndexOf('/', StringComparison.Ordinal);
            var licenses = p.TryGetProperty("license", out var l) && l.ValueKind == JsonValueKind.Array
                ? l.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : (p.StringProperty("license") is { } one ? [one] : []);
            found.Add(new ParsedPackage(slash > 0 ? fullName[..slash] : null, slash > 0 ? fullName[(slash + 1)..] : fullName, version)
            {
                Licenses = licenses,
                DependsOn = [.. Npm.NpmPackageJsonParser.KeysOf(p, "require").Where(r => r.Contains('/', StringComparison.Ordinal))],
            });
        }
        return found;
    }
}
