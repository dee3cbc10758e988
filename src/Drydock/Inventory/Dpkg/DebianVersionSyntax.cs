namespace Drydock.Inventory.Dpkg;

/// <summary>
/// The syntax of a Debian version (deb-version(7), Debian Policy 5.6.12): <c>[epoch:]upstream[-revision]</c>;
/// epoch an unsigned integer; upstream starts with a digit and holds only <c>A-Za-z0-9.+~-:</c>; revision only
/// <c>A-Za-z0-9.+~</c>. Used to reject corrupt records, not to compare (comparing is the version comparer's job).
/// </summary>
internal static class DebianVersionSyntax
{
    public static bool TryParse(string value, out int? epoch, out string upstream, out string? revision)
    {
        (epoch, upstream, revision) = (null, "", null);
        var v = value.Trim();
        var colon = v.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            if (!int.TryParse(v.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var e))
                return false;
            (epoch, v) = (e, v[(colon + 1)..]);
        }
        var dash = v.LastIndexOf('-');
        if (dash >= 0) (v, revision) = (v[..dash], v[(dash + 1)..]);
        if (v.Length == 0 || !char.IsAsciiDigit(v[0])) return false;
        foreach (var c in v)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~' or '-' or ':')) return false;
        }
        if (revision is not null)
        {
            if (revision.Length == 0) return false;
            foreach (var c in revision)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~')) return false;
            }
        }
        upstream = v;
        return true;
    }
}
