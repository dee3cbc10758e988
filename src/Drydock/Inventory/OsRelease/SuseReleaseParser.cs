namespace Drydock.Inventory.OsRelease;

/// <summary>
/// Parses the legacy <c>etc/SuSE-release</c> (SLES 11/12, openSUSE 42 and older; replaced by os-release):
/// a title line (<c>SUSE Linux Enterprise Server 12 (x86_64)</c> or <c>openSUSE 42.3 (x86_64)</c>) followed by
/// <c>VERSION = 12</c> and, for SLES, <c>PATCHLEVEL = 3</c>. The version is written as os-release writes it (12.3).
/// </summary>
internal static class SuseReleaseParser
{
    public static OsInfo? Parse(string text, string source)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) return null;
        string? version = null, patch = null, codename = null;
        foreach (var line in lines.Skip(1))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var (key, value) = (line[..eq].Trim(), line[(eq + 1)..].Trim());
            if (key == "VERSION") version = value;
            else if (key == "PATCHLEVEL") patch = value;
            else if (key == "CODENAME") codename = value;
        }
        if (string.IsNullOrEmpty(version)) return null;
        var family =
            lines[0].StartsWith("openSUSE", StringComparison.Ordinal) ? OsFamilies.OpenSuseLeap :
            lines[0].StartsWith("SUSE Linux Enterprise Server", StringComparison.Ordinal) ? OsFamilies.Sles : null;
        if (family is null) return null;
        var full = string.IsNullOrEmpty(patch) || patch == "0" || version.Contains('.', StringComparison.Ordinal)
            ? version : version + "." + patch;
        return new OsInfo { Family = family, Version = full, Codename = codename, PrettyName = lines[0], Source = source };
    }
}
