using System.Security.Cryptography.X509Certificates;

namespace Drydock.Controls.Trust.Notation;

/// <summary>
/// A distinguished name written as notation writes it in its messages (Go's <c>pkix.Name.String</c>, RFC 2253 order:
/// the last RDN first, no spaces, <c>ST</c> not <c>S</c>), so that Drydock's reasons read like notation's.
/// </summary>
internal static class DistinguishedName
{
    private static readonly Dictionary<string, string> Short = new()
    {
        ["2.5.4.3"] = "CN", ["2.5.4.10"] = "O", ["2.5.4.11"] = "OU", ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST",
        ["2.5.4.6"] = "C", ["2.5.4.5"] = "SERIALNUMBER", ["2.5.4.9"] = "STREET", ["2.5.4.17"] = "POSTALCODE",
    };

    public static string GoString(X500DistinguishedName name)
    {
        var parts = new List<string>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: true))
        {
            if (rdn.HasMultipleElements)
            {
                parts.Add("#" + Convert.ToHexString(rdn.RawData.Span));
                continue;
            }
            var oid = rdn.GetSingleElementType().Value ?? "";
            var value = rdn.GetSingleElementValue() ?? "";
            parts.Add((Short.TryGetValue(oid, out var s) ? s : oid) + "=" + value);
        }
        return string.Join(",", parts);
    }
}
