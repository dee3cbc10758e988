using System.Text.Json;

namespace Drydock.Inventory.Languages.Npm;

/// <summary>
/// Reads an installed package's <c>package.json</c> (docs.npmjs.com/cli/configuring-npm/package-json): name, version,
/// license and dependencies. The license is an SPDX string, or in older packages an object <c>{"type": …}</c> or a
/// legacy <c>licenses</c> array of strings or objects. A file without name or version is not a package (npm writes
/// such files for workspaces and test fixtures) and yields null.
/// </summary>
internal static class NpmPackageJsonParser
{
    public static NpmManifest? Parse(Stream stream)
    {
        using var doc = JsonDocument.Parse(stream, JsonOptions.Lenient);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("package.json is not a JSON object");
        var name = root.StringProperty("name");
        var version = root.StringProperty("version");
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version)) return null;

        var licenses = new List<string>();
        if (root.TryGetProperty("license", out var license)) AddLicense(license, licenses);
        if (root.TryGetProperty("licenses", out var legacy) && legacy.ValueKind == JsonValueKind.Array)
        {
            foreach (var l in legacy.EnumerateArray()) AddLicense(l, licenses);
        }
        return new NpmManifest(name, version, licenses, KeysOf(root, "dependencies"), KeysOf(root, "optionalDependencies"));
    }

    /// <summary>The names of an object property's keys (<c>dependencies</c>), sorted; empty when absent.</summary>
    public static IReadOnlyList<string> KeysOf(JsonElement root, string property) =>
        root.TryGetProperty(property, out var deps) && deps.ValueKind == JsonValueKind.Object
            ? [.. deps.EnumerateObject().Select(d => d.Name).Order(StringComparer.Ordinal)]
            : [];

    private static void AddLicense(JsonElement e, List<string> into)
    {
        var value = e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Object => e.StringProperty("type"),
            _ => null,
        };
        if (!string.IsNullOrWhiteSpace(value) && !into.Contains(value)) into.Add(value.Trim());
    }
}

/// <summary>One package.json: <see cref="Dependencies"/> and <see cref="OptionalDependencies"/> are names (values are ranges).</summary>
internal sealed record NpmManifest(
    string Name,
    string Version,
    IReadOnlyList<string> Licenses,
    IReadOnlyList<string> Dependencies,
    IReadOnlyList<string> OptionalDependencies);
