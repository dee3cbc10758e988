using System.Text;

namespace Drydock.Inventory.Purl;

/// <summary>
/// Builds package URLs as the purl spec (github.com/package-url/purl-spec, PURL-SPECIFICATION.rst) defines them:
/// <c>pkg:type/namespace/name@version?qualifiers#subpath</c>, type lower-case, each namespace segment, the name and
/// the version percent-encoded, qualifiers sorted by key with empty values dropped. The same package always gets the
/// same string, so reports can join on it.
/// </summary>
public static class PackageUrl
{
    public static string Build(
        string type,
        string? @namespace,
        string name,
        string? version,
        IEnumerable<KeyValuePair<string, string?>>? qualifiers = null,
        string? subpath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var sb = new StringBuilder("pkg:");
        sb.Append(type.ToLowerInvariant()).Append('/');
        if (!string.IsNullOrEmpty(@namespace))
        {
            foreach (var segment in @namespace.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                sb.Append(Encode(segment)).Append('/');
            }
        }
        sb.Append(Encode(name));
        if (!string.IsNullOrEmpty(version)) sb.Append('@').Append(Encode(version));
        if (qualifiers is not null)
        {
            var kept = qualifiers
                .Where(q => !string.IsNullOrEmpty(q.Value))
                .Select(q => (Key: q.Key.ToLowerInvariant(), q.Value))
                .OrderBy(q => q.Key, StringComparer.Ordinal)
                .ToList();
            for (var i = 0; i < kept.Count; i++)
            {
                sb.Append(i == 0 ? '?' : '&').Append(kept[i].Key).Append('=').Append(Encode(kept[i].Value!));
            }
        }
        if (!string.IsNullOrEmpty(subpath))
        {
            sb.Append('#').Append(string.Join('/', subpath.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Where(s => s is not "." and not "..").Select(Encode)));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Percent-encodes everything but the unreserved characters of RFC 3986 (ALPHA DIGIT - . _ ~). The spec also
    /// leaves ':' unencoded (epochs in versions read as <c>1:2.3</c> in other tools; we follow the spec's test suite,
    /// which encodes nothing else but keeps ':' plain).
    /// </summary>
    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~' or ':')
                sb.Append(c);
            else
                sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }
}
