using System.Text.Json;

namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// One TUF metadata file as notary serves it: <c>{"signed": {...}, "signatures": [{"keyid", "method", "sig"}]}</c>.
/// <see cref="Canonical"/> is what the signatures are over: the canonical JSON of <c>signed</c> (notary verifies the
/// same way: it re-encodes the decoded object, so whitespace or key order in the file does not matter).
/// </summary>
internal sealed record TufMetadata(string Role, string Type, long Version, DateTimeOffset Expires, JsonElement Signed, byte[] Canonical,
    IReadOnlyList<TufSignature> Signatures, byte[] Raw)
{
    /// <summary>Parses <paramref name="raw"/> as the metadata of <paramref name="role"/>, whose <c>_type</c> must be <paramref name="expectedType"/>.</summary>
    public static TufMetadata Parse(string role, string expectedType, byte[] raw)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = ContentTrustLimits.MaxDepth });
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ContentTrustException($"{role} metadata is not valid JSON ({e.Message.Split('.')[0]})");
        }
        try
        {
            var signed = TufJson.Object(root, "signed");
            var type = TufJson.String(signed, "_type");
            if (type != expectedType) throw new ContentTrustException($"metadata of type '{type}' where {expectedType} was expected");
            if (!root.TryGetProperty("signatures", out var sigs) || sigs.ValueKind != JsonValueKind.Array)
                throw new ContentTrustException("metadata has no signatures list");
            if (sigs.GetArrayLength() > ContentTrustLimits.MaxSignatures)
                throw new ContentTrustException($"metadata carries more than {ContentTrustLimits.MaxSignatures} signatures");
            var signatures = sigs.EnumerateArray().Select(s => new TufSignature(TufJson.String(s, "keyid"), TufJson.String(s, "method"),
                TufJson.Base64(TufJson.String(s, "sig"), "a signature"))).ToList();
            return new TufMetadata(role, type, TufJson.Long(signed, "version"), TufJson.Time(signed, "expires"), signed,
                CanonicalJson.Encode(signed), signatures, raw);
        }
        catch (ContentTrustException e)
        {
            throw new ContentTrustException($"{role} metadata: {e.Message}");
        }
    }

    /// <summary>The keys a root or a targets role (its <c>delegations</c>) lists, by key id.</summary>
    public static IReadOnlyDictionary<string, TufKey> KeysOf(JsonElement keys)
    {
        var result = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        foreach (var k in keys.EnumerateObject())
        {
            if (result.Count >= ContentTrustLimits.MaxKeys) throw new ContentTrustException($"more than {ContentTrustLimits.MaxKeys} keys");
            result[k.Name] = TufKey.Parse(k.Value);
        }
        return result;
    }

    /// <summary>A <c>meta</c> or <c>targets</c> entry: length and sha256 (base64 in notary's metadata).</summary>
    public static TufFileMeta? FileMetaOf(JsonElement map, string name)
    {
        if (!map.TryGetProperty(name, out var entry)) return null;
        var hashes = TufJson.Object(entry, "hashes");
        var sha256 = TufJson.Base64(TufJson.String(hashes, "sha256"), $"the sha256 of {name}");
        if (sha256.Length != 32) throw new ContentTrustException($"the sha256 of {name} is not 32 bytes");
        return new TufFileMeta(TufJson.Long(entry, "length"), sha256);
    }
}

internal sealed record TufSignature(string KeyId, string Method, byte[] Value);

internal sealed record TufFileMeta(long Length, byte[] Sha256);

/// <summary>A role's keys and how many of them must sign (root.json <c>roles</c>, targets <c>delegations.roles</c>).</summary>
internal sealed record TufRole(string Name, IReadOnlyList<string> KeyIds, int Threshold, IReadOnlyDictionary<string, TufKey> Keys)
{
    public static TufRole Of(string name, JsonElement role, IReadOnlyDictionary<string, TufKey> keys)
    {
        var threshold = TufJson.Long(role, "threshold");
        if (threshold < 1 || threshold > ContentTrustLimits.MaxKeys) throw new ContentTrustException($"role {name} has threshold {threshold}");
        // notary writes a delegation whose last key was removed (`notary delegation remove GUN ROLE KEYID`) as "keyids": null
        var keyIds = role.TryGetProperty("keyids", out var ids) && ids.ValueKind == JsonValueKind.Null ? [] : TufJson.Strings(role, "keyids", ContentTrustLimits.MaxKeys);
        return new TufRole(name, keyIds, (int)threshold, keys);
    }

    /// <summary>
    /// The role's keys that signed <paramref name="metadata"/> validly, each key counted once by its material;
    /// throws unless at least <see cref="Threshold"/> did.
    /// </summary>
    public IReadOnlyList<string> Verify(TufMetadata metadata)
    {
        if (KeyIds.Count < Threshold)
            throw new ContentTrustException($"role {Name} lists {KeyIds.Count} key(s), fewer than its threshold {Threshold}, so nothing it signed verifies");
        var signers = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in metadata.Signatures)
        {
            if (!KeyIds.Contains(s.KeyId) || !Keys.TryGetValue(s.KeyId, out var key)) continue;
            var material = Convert.ToHexString(key.Material);
            if (seen.Contains(material) || !key.Verifies(s.Method, metadata.Canonical, s.Value)) continue;
            seen.Add(material);
            signers.Add(s.KeyId);
        }
        if (signers.Count < Threshold)
            throw new ContentTrustException(signers.Count == 0 && metadata.Signatures.Count > 0 && metadata.Signatures.Any(s => KeyIds.Contains(s.KeyId))
                ? $"{metadata.Role} metadata: signature does not verify with the {Name} key"
                : $"{metadata.Role} metadata: {signers.Count} valid signature(s) by {Name} keys, {Threshold} required");
        return signers;
    }
}
