namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Red Hat CPEs (CPE 2.2 URIs, <c>cpe:/o:redhat:enterprise_linux:9::baseos</c>) as advisory namespaces. The part
/// letter is dropped (content sets map AppStream to <c>cpe:/a:…</c> while unfixed statements name the product
/// <c>cpe:/o:redhat:enterprise_linux:9</c>) and empty trailing components are trimmed, so that an advisory CPE that
/// leaves the edition out applies to every edition: the CPE 2.2 reading of an absent component as "any".
/// </summary>
public static class RedHatCpe
{
    public const string NamespacePrefix = "redhat-cpe:";

    /// <summary>The namespace rows for <paramref name="cpe"/> are stored under.</summary>
    public static string Namespace(string cpe) => NamespacePrefix + Normalize(cpe);

    /// <summary>The namespaces whose rows apply to a product shipped under <paramref name="cpe"/>: the CPE itself and
    /// each of its less specific forms down to <c>vendor:product:version</c>.</summary>
    public static IEnumerable<string> MatchingNamespaces(string cpe)
    {
        var fields = Normalize(cpe).Split(':');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var n = fields.Length; n >= Math.Min(3, fields.Length); n--)
        {
            var key = string.Join(':', fields[..n]).TrimEnd(':');
            if (seen.Add(key)) yield return NamespacePrefix + key;
        }
    }

    internal static string Normalize(string cpe)
    {
        ArgumentNullException.ThrowIfNull(cpe);
        var s = cpe.Trim().ToLowerInvariant();
        if (s.StartsWith("cpe:/", StringComparison.Ordinal)) s = s[5..];
        if (s.Length > 1 && s[1] == ':' && s[0] is 'o' or 'a' or 'h') s = s[2..];
        return s.TrimEnd(':');
    }
}
