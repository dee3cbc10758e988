using System.Text.RegularExpressions;

namespace Drydock.Inventory.OsRelease;

/// <summary>Cuts a release out of a version or an OSV ecosystem suffix (<c>3.11.5</c> → <c>3.11</c>, <c>Linux Enterprise Server 15 SP5</c> → <c>15.5</c>).</summary>
public static partial class ReleaseNumbers
{
    /// <summary>The first dotted number in <paramref name="text"/>, cut to <paramref name="components"/> parts; null when there is none.</summary>
    public static string? First(string text, int components)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = DottedNumber().Match(text);
        if (!m.Success) return null;
        var parts = m.Value.Split('.');
        return string.Join('.', parts.Take(components));
    }

    /// <summary>SUSE's release: <c>15 SP5</c> → <c>15.5</c>; else the first two components (<c>Leap 15.5</c> → <c>15.5</c>).</summary>
    public static string? Suse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sp = ServicePack().Match(text);
        if (sp.Success) return sp.Groups[1].Value + "." + sp.Groups[2].Value;
        return First(text, 2);
    }

    [GeneratedRegex(@"\d+(\.\d+)*")]
    private static partial Regex DottedNumber();

    [GeneratedRegex(@"(\d+)\s*SP(\d+)")]
    private static partial Regex ServicePack();
}
