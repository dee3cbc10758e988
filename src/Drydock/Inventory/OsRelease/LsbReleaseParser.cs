namespace Drydock.Inventory.OsRelease;

/// <summary>
/// Parses <c>etc/lsb-release</c> (LSB: <c>DISTRIB_ID</c>, <c>DISTRIB_RELEASE</c>, <c>DISTRIB_CODENAME</c>,
/// <c>DISTRIB_DESCRIPTION</c>). Only Ubuntu is recognised from it, as Trivy does: other distributions that ship the
/// file also ship a more precise release file.
/// </summary>
internal static class LsbReleaseParser
{
    public static OsInfo? Parse(TextReader reader, string source)
    {
        var f = OsReleaseParser.ParseFields(reader);
        if (f.GetValueOrDefault("DISTRIB_ID") != "Ubuntu" || f.GetValueOrDefault("DISTRIB_RELEASE") is not { Length: > 0 } release)
            return null;
        return new OsInfo
        {
            Family = OsFamilies.Ubuntu,
            Version = release,
            Codename = f.GetValueOrDefault("DISTRIB_CODENAME"),
            PrettyName = f.GetValueOrDefault("DISTRIB_DESCRIPTION"),
            Source = source,
        };
    }
}
