using System.Text.RegularExpressions;

namespace Drydock.Inventory.Languages.Java;

/// <summary>
/// The two text formats inside a JAR and its file name. <c>pom.properties</c> is a Java properties file
/// (<c>key=value</c>, '#'/'!' comments). <c>MANIFEST.MF</c> (JAR File Specification, "Manifest Specification") is
/// <c>Name: value</c> lines, a line starting with one space continuing the previous one.
/// </summary>
internal static partial class JarManifest
{
    public static Dictionary<string, string> ParseProperties(string text)
    {
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!') continue;
            var sep = line.IndexOfAny(['=', ':']);
            if (sep > 0) props[line[..sep].Trim()] = line[(sep + 1)..].Trim();
        }
        return props;
    }

    public static Dictionary<string, string> ParseManifest(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) break; // the main section ends at the first blank line; per-entry sections follow
            if (line[0] == ' ' && last is not null)
            {
                headers[last] += line[1..];
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            last = line[..colon].Trim();
            headers[last] = line[(colon + 1)..].Trim();
        }
        return headers;
    }

    /// <summary>
    /// The artifact a manifest names: <c>Implementation-Title</c>/<c>-Version</c> (group from
    /// <c>Implementation-Vendor-Id</c>), else the OSGi <c>Bundle-SymbolicName</c>/<c>Bundle-Version</c>; null when neither.
    /// </summary>
    public static ParsedPackage? ArtifactOf(Dictionary<string, string> h)
    {
        if (h.GetValueOrDefault("Implementation-Title") is { Length: > 0 } title && h.GetValueOrDefault("Implementation-Version") is { Length: > 0 } version)
            return new ParsedPackage(h.GetValueOrDefault("Implementation-Vendor-Id") is { Length: > 0 } g ? g : null, title, version);
        if (h.GetValueOrDefault("Bundle-SymbolicName") is { Length: > 0 } symbolic && h.GetValueOrDefault("Bundle-Version") is { Length: > 0 } bundleVersion)
        {
            var name = symbolic.Split(';')[0].Trim();
            return name.Length > 0 ? new ParsedPackage(null, name, bundleVersion) : null;
        }
        return null;
    }

    /// <summary><c>commons-io-2.11.0.jar</c> → commons-io 2.11.0: the version starts at the first "-digit".</summary>
    public static ParsedPackage? FromFileName(string fileName)
    {
        var m = ArchiveFileName().Match(fileName);
        return m.Success ? new ParsedPackage(null, m.Groups["name"].Value, m.Groups["version"].Value) : null;
    }

    [GeneratedRegex(@"^(?<name>[^/]+?)-(?<version>\d[^/]*)\.[A-Za-z]ar$")]
    private static partial Regex ArchiveFileName();
}
