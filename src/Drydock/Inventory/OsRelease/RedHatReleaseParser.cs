using System.Text.RegularExpressions;

namespace Drydock.Inventory.OsRelease;

/// <summary>
/// Parses the one-line release files of the Red Hat family (<c>etc/redhat-release</c>, <c>centos-release</c>,
/// <c>rocky-release</c>, <c>almalinux-release</c>, <c>oracle-release</c>, <c>fedora-release</c>):
/// <c>&lt;Name&gt; release &lt;version&gt; [(&lt;codename&gt;)]</c>. The family comes from the name written in the
/// file, not from the file name (on CentOS, redhat-release is a link to centos-release).
/// </summary>
internal static partial class RedHatReleaseParser
{
    public static OsInfo? Parse(string text, string source)
    {
        var line = text.Split('\n')[0].Trim();
        var m = ReleaseLine().Match(line);
        if (!m.Success) return null;
        var name = m.Groups["name"].Value.ToLowerInvariant();
        var family =
            name.StartsWith("centos stream", StringComparison.Ordinal) ? OsFamilies.CentOsStream :
            name.StartsWith("centos", StringComparison.Ordinal) ? OsFamilies.CentOs :
            name.StartsWith("rocky", StringComparison.Ordinal) ? OsFamilies.Rocky :
            name.StartsWith("almalinux", StringComparison.Ordinal) ? OsFamilies.Alma :
            name.StartsWith("oracle", StringComparison.Ordinal) ? OsFamilies.Oracle :
            name.StartsWith("fedora", StringComparison.Ordinal) ? OsFamilies.Fedora :
            name.StartsWith("red hat", StringComparison.Ordinal) ? OsFamilies.RedHat :
            null;
        if (family is null) return null;
        var codename = m.Groups["codename"].Success ? m.Groups["codename"].Value : null;
        return new OsInfo { Family = family, Version = m.Groups["version"].Value, Codename = codename, PrettyName = line, Source = source };
    }

    [GeneratedRegex(@"^(?<name>.+?) release (?<version>\d[\w.]*)(?: \((?<codename>[^)]*)\))?")]
    private static partial Regex ReleaseLine();
}
