namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// The parts of a binary rpm package URL (purl spec, <c>pkg:rpm/&lt;vendor&gt;/&lt;name&gt;@&lt;version&gt;?arch=…&amp;epoch=…&amp;rpmmod=…</c>)
/// that Red Hat's data is keyed by: <see cref="Key"/> is the name, or <c>module:stream::name</c> for a modular rpm
/// (the key trivy-db uses, built the same way from an installed package's modularity label), <see cref="Evr"/> the
/// <c>[epoch:]version-release</c> with a zero epoch dropped. Source rpms and other purl types yield null.
/// </summary>
internal sealed record RpmPurl(string Key, string? Evr)
{
    public static RpmPurl? Parse(string? purl)
    {
        if (purl is null || !purl.StartsWith("pkg:rpm/", StringComparison.Ordinal)) return null;
        var rest = purl["pkg:rpm/".Length..];
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0) (rest, query) = (rest[..q], rest[(q + 1)..]);
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var path = at >= 0 ? rest[..at] : rest;
        var version = at >= 0 ? Uri.UnescapeDataString(rest[(at + 1)..]) : null;
        var name = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
        var qualifiers = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
        if (qualifiers.GetValueOrDefault("arch") == "src") return null;
        var key = qualifiers.TryGetValue("rpmmod", out var module) ? ModularKey(module, name) : name;
        var epoch = qualifiers.GetValueOrDefault("epoch");
        var evr = version is null ? null : epoch is { Length: > 0 } and not "0" ? epoch + ":" + version : version;
        return new RpmPurl(key, evr);
    }

    /// <summary><c>module:stream[:version:context]</c> + name → <c>module:stream::name</c> (null label → name).</summary>
    public static string ModularKey(string? modularityLabel, string name)
    {
        if (string.IsNullOrEmpty(modularityLabel)) return name;
        var parts = modularityLabel.Split(':');
        return parts.Length < 2 ? name : parts[0] + ":" + parts[1] + "::" + name;
    }
}
