using System.Security.Cryptography.X509Certificates;

namespace Drydock.Policy;

/// <summary>
/// A trusted identity of a notation trust policy: <c>*</c> (any signer the trust store anchors) or
/// <c>x509.subject: C=US, O=Example, CN=release</c>, which matches a signing certificate whose subject has every one
/// of those attributes with that value (a subset match, as notation does). Values with escaped commas are not supported.
/// </summary>
public sealed record TrustedIdentity(IReadOnlyDictionary<string, string>? Subject)
{
    private const string Prefix = "x509.subject:";

    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN", ["2.5.4.6"] = "C", ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST", ["2.5.4.10"] = "O", ["2.5.4.11"] = "OU",
        ["2.5.4.5"] = "SERIALNUMBER", ["1.2.840.113549.1.9.1"] = "E",
    };

    /// <summary>Parses one identity; an identity without the prefix, without a value or with a malformed attribute is a usage error.</summary>
    public static TrustedIdentity Parse(string text)
    {
        if (text.Trim() == "*") return new TrustedIdentity((IReadOnlyDictionary<string, string>?)null);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) throw new UsageException($"trusted identity \"{text}\" must be \"*\" or start with \"{Prefix}\"");
        var value = text[Prefix.Length..].Trim();
        if (value.Length == 0) throw new UsageException($"trusted identity \"{text}\" has no identity value");
        var subject = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in value.Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? "" : part[..eq].Trim();
            var attribute = eq < 0 ? "" : part[(eq + 1)..].Trim();
            if (key.Length == 0 || attribute.Length == 0) throw new UsageException($"trusted identity \"{text}\": \"{part.Trim()}\" is not ATTRIBUTE=VALUE");
            if (!subject.TryAdd(key.ToUpperInvariant(), attribute)) throw new UsageException($"trusted identity \"{text}\" repeats {key}");
        }
        return new TrustedIdentity(subject);
    }

    public bool Matches(X509Certificate2 leaf)
    {
        if (Subject is null) return true;
        var attributes = Attributes(leaf.SubjectName);
        return Subject.All(kv => attributes.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    private static Dictionary<string, string> Attributes(X500DistinguishedName name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) continue;
            var oid = rdn.GetSingleElementType().Value ?? "";
            if (ShortNames.TryGetValue(oid, out var shortName) && rdn.GetSingleElementValue() is { } v) result.TryAdd(shortName, v);
        }
        return result;
    }

    public override string ToString() => Subject is null ? "*" : Prefix + " " + string.Join(", ", Subject.Select(kv => $"{kv.Key}={kv.Value}"));
}
