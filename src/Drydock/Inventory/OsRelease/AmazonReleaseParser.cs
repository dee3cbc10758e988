namespace Drydock.Inventory.OsRelease;

/// <summary>
/// Parses Amazon Linux's <c>etc/system-release</c>: <c>Amazon Linux AMI release 2018.03</c> (AL1) or
/// <c>Amazon Linux release 2 (Karoo)</c> / <c>Amazon Linux release 2023 (Amazon Linux)</c>. Like Trivy, the AL2+
/// form is accepted only with its codename: a line that lacks it is not a file Amazon ships, so it is not guessed at.
/// </summary>
internal static class AmazonReleaseParser
{
    public static OsInfo? Parse(string text, string source)
    {
        var line = text.Split('\n')[0].Trim();
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 4 || f[0] != "Amazon" || f[1] != "Linux") return null;
        if (f[2] == "AMI" && f.Length >= 5 && f[3] == "release")
            return new OsInfo { Family = OsFamilies.Amazon, Version = f[4], PrettyName = line, Source = source };
        if (f[2] == "release" && f.Length >= 5)
        {
            var codename = string.Join(' ', f[4..]).Trim('(', ')');
            return new OsInfo { Family = OsFamilies.Amazon, Version = f[3], Codename = codename, PrettyName = line, Source = source };
        }
        return null;
    }
}
