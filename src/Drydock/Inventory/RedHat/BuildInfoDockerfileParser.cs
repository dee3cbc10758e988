namespace Drydock.Inventory.RedHat;

/// <summary>
/// Reads the build of an older Red Hat image (UBI 7, RHEL 7) from the Dockerfile its build system left in
/// <c>root/buildinfo/Dockerfile-&lt;component&gt;-&lt;version&gt;-&lt;release&gt;</c>: the <c>LABEL</c>s
/// <c>com.redhat.component</c> (older images: <c>BZComponent</c>), <c>version</c>, <c>release</c> and
/// <c>architecture</c> give the NVR <c>component-version-release</c> and the arch that Red Hat's nvr-to-cpe map is
/// keyed by. Dockerfile syntax as in the Dockerfile reference: <c>\</c> continues a line, <c>#</c> starts a comment,
/// <c>LABEL k=v k2="v 2"</c> or the legacy <c>LABEL k v</c>, <c>$VAR</c>/<c>${VAR}</c> from earlier <c>ENV</c>s.
/// When the labels lack version or release, the file name's last two dash-separated fields are used (as Trivy does).
/// </summary>
internal static class BuildInfoDockerfileParser
{
    /// <summary>(NVR, arch), or null when the file names no component or no architecture.</summary>
    public static (string Nvr, string Arch)? Parse(TextReader reader, string fileName)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Instructions(reader))
        {
            var space = line.IndexOfAny([' ', '\t']);
            if (space < 0) continue;
            var keyword = line[..space];
            var args = line[(space + 1)..].Trim();
            if (keyword.Equals("LABEL", StringComparison.OrdinalIgnoreCase)) Assign(DockerfileArguments.KeyValues(args, env), labels);
            else if (keyword.Equals("ENV", StringComparison.OrdinalIgnoreCase)) Assign(DockerfileArguments.KeyValues(args, env), env);
        }
        var component = labels.GetValueOrDefault("com.redhat.component") ?? labels.GetValueOrDefault("BZComponent");
        var arch = labels.GetValueOrDefault("architecture");
        if (string.IsNullOrEmpty(component) || string.IsNullOrEmpty(arch)) return null;
        var versionRelease = labels.GetValueOrDefault("version") is { Length: > 0 } v && labels.GetValueOrDefault("release") is { Length: > 0 } r
            ? v + "-" + r
            : VersionReleaseFromName(fileName);
        return versionRelease is null ? null : (component + "-" + versionRelease, arch);
    }

    /// <summary><c>Dockerfile-ubi7-container-7.7-140</c> → <c>7.7-140</c>; null without two dashes.</summary>
    internal static string? VersionReleaseFromName(string fileName)
    {
        var release = fileName.LastIndexOf('-');
        var version = release > 0 ? fileName.LastIndexOf('-', release - 1) : -1;
        return version < 0 ? null : fileName[(version + 1)..];
    }

    private static void Assign(IEnumerable<KeyValuePair<string, string>> pairs, Dictionary<string, string> into)
    {
        foreach (var (k, v) in pairs) into[k] = v;
    }

    // Logical lines: continuation lines joined, comments and blank lines dropped.
    private static IEnumerable<string> Instructions(TextReader reader)
    {
        var current = new System.Text.StringBuilder();
        while (reader.ReadLine() is { } raw)
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0)) continue;
            if (line.EndsWith('\\'))
            {
                current.Append(line.AsSpan(0, line.Length - 1)).Append(' ');
                continue;
            }
            current.Append(line);
            if (current.Length > 0) yield return current.ToString();
            current.Clear();
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
