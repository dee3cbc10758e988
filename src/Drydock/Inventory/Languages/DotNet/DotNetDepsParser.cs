using System.Text.Json;

namespace Drydock.Inventory.Languages.DotNet;

/// <summary>
/// Reads a .NET <c>*.deps.json</c> (github.com/dotnet/sdk, documentation/specs/runtime-configuration-file.md):
/// <c>libraries</c> is keyed <c>Name/Version</c>. Entries of type <c>package</c> are NuGet packages; entries of type
/// <c>project</c> are the application and its project references, which Trivy reports too (its dotnet golden lists
/// them), so both are kept; <c>reference</c> assemblies are not packages.
/// </summary>
internal static class DotNetDepsParser
{
    public static IReadOnlyList<ParsedPackage> Parse(Stream stream)
    {
        using var doc = JsonDocument.Parse(stream, JsonOptions.Lenient);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("deps.json is not a JSON object");
        if (!doc.RootElement.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object) return [];
        var found = new List<ParsedPackage>();
        foreach (var lib in libraries.EnumerateObject())
        {
            var type = lib.Value.StringProperty("type");
            if (!string.Equals(type, "package", StringComparison.OrdinalIgnoreCase) && !string.Equals(type, "project", StringComparison.OrdinalIgnoreCase)) continue;
            var slash = lib.Name.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == lib.Name.Length - 1) throw new InvalidDataException($"library key '{lib.Name}' is not Name/Version");
            found.Add(new ParsedPackage(null, lib.Name[..slash], lib.Name[(slash + 1)..]));
        }
        return found;
    }
}
