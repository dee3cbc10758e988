namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Package-name normalisation shared by the database writer and the matchers, so both sides of a lookup agree:
/// PyPI names per PEP 503 (lower case, runs of <c>-_.</c> become <c>-</c>), NuGet ids case-insensitively, Composer
/// and Go as written.
/// </summary>
public static class PackageNames
{
    public static string Normalize(string ns, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AdvisoryNamespaces.Family(ns) switch
        {
            "pypi" => Pep503(name),
            "nuget" or "packagist" => name.ToLowerInvariant(),
            _ => name,
        };
    }

    private static string Pep503(string name)
    {
        var chars = new System.Text.StringBuilder(name.Length);
        var lastWasSeparator = false;
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                if (!lastWasSeparator) chars.Append('-');
                lastWasSeparator = true;
            }
            else
            {
                chars.Append(char.ToLowerInvariant(c));
                lastWasSeparator = false;
            }
        }
        return chars.ToString();
    }
}
