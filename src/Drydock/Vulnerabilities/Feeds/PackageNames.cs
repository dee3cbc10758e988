using Drydock.Inventory;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Package-name normalisation shared by the database writer and the matchers, so both sides of a lookup agree, by the
/// <see cref="Ecosystem.NameRule"/> of the namespace's row: PyPI names per PEP 503 (lower case, runs of <c>-_.</c>
/// become <c>-</c>), NuGet ids and Packagist names case-insensitively, the rest as written.
/// </summary>
public static class PackageNames
{
    public static string Normalize(string ns, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return (Ecosystems.ByNamespace(AdvisoryNamespaces.Family(ns))?.NameRule ?? PackageNameRule.AsWritten) switch
        {
            PackageNameRule.Pep503 => Pep503(name),
            PackageNameRule.LowerCase => name.ToLowerInvariant(),
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
