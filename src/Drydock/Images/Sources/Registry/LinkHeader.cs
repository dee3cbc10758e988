namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Finds the <c>rel="next"</c> target in a <c>Link</c> header (RFC 8288), as the distribution spec pages tag lists:
/// <c>Link: &lt;/v2/name/tags/list?n=2&amp;last=b&gt;; rel="next"</c>. The target is resolved against the request URI.
/// </summary>
public static class LinkHeader
{
    public static Uri? Next(IEnumerable<string> values, Uri requestUri)
    {
        foreach (var value in values)
        {
            foreach (var link in SplitLinks(value))
            {
                var close = link.IndexOf('>', StringComparison.Ordinal);
                if (!link.StartsWith('<') || close < 0) continue;
                var target = link[1..close];
                var isNext = link[(close + 1)..].Split(';', StringSplitOptions.TrimEntries).Any(IsRelNext);
                if (isNext && Uri.TryCreate(requestUri, target, out var next)) return next;
            }
        }
        return null;
    }

    // rel may list several relation types: rel="next last".
    private static bool IsRelNext(string param)
    {
        var eq = param.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0 || !param[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)) return false;
        return param[(eq + 1)..].Trim().Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(r => r.Equals("next", StringComparison.OrdinalIgnoreCase));
    }

    // Links are comma-separated, but a URI may contain commas inside <...>.
    private static IEnumerable<string> SplitLinks(string value)
    {
        var start = 0;
        var inUri = false;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '<') inUri = true;
            else if (value[i] == '>') inUri = false;
            else if (value[i] == ',' && !inUri)
            {
                yield return value[start..i].Trim();
                start = i + 1;
            }
        }
        yield return value[start..].Trim();
    }
}
