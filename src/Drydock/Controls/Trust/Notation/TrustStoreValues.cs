namespace Drydock.Controls.Trust.Notation;

/// <summary>One trust store named by a notation trust policy statement: its type and its name.</summary>
public sealed record TrustStoreValue(string Type, string Name)
{
    /// <summary>Where notation keeps it: <c>&lt;x509 root&gt;/&lt;type&gt;/&lt;name&gt;</c>.</summary>
    public string Directory(string x509Root) => Path.Combine(x509Root, Type, Name);
}

/// <summary>
/// The <c>trustStores</c> values of a notation trust policy statement (trustpolicy.json): <c>ca:NAME</c>,
/// <c>signingAuthority:NAME</c> or <c>tsa:NAME</c>. A value without the separator or of another type is an error in
/// notation's words (a <see cref="UsageException"/>), so a policy written for notation reads the same here.
/// </summary>
public static class TrustStoreValues
{
    private static readonly string[] Types = ["ca", "signingAuthority", "tsa"];

    public static IReadOnlyList<TrustStoreValue> Parse(string statement, IEnumerable<string> values)
    {
        var result = new List<TrustStoreValue>();
        foreach (var value in values)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                throw new UsageException($"invalid trust policy statement: \"{statement}\" is missing separator in trust store value \"{value}\". The required format is <TrustStoreType>:<TrustStoreName>");
            var (type, name) = (value[..colon], value[(colon + 1)..]);
            if (!Types.Contains(type, StringComparer.Ordinal))
                throw new UsageException($"invalid trust policy statement: \"{statement}\" uses an unsupported trust store type \"{type}\" in trust store value \"{value}\"");
            if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name is "." or "..")
                throw new UsageException($"invalid trust policy statement: \"{statement}\" has an invalid trust store name in trust store value \"{value}\"");
            result.Add(new TrustStoreValue(type, name));
        }
        return result;
    }
}
