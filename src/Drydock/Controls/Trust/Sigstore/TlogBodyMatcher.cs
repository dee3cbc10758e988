using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// Checks that a log entry's body records this bundle's signature: the artifact digest (or DSSE payload hash), the
/// signature bytes and the verification material (certificate or key). Kinds: hashedrekord 0.0.1 and 0.0.2, dsse 0.0.1,
/// intoto 0.0.2 (whose signatures and payload are base64 of base64). Anything else is refused.
/// </summary>
public static class TlogBodyMatcher
{
    /// <summary>
    /// <paramref name="digest"/> is the artifact's SHA-256 (message signatures); <paramref name="verifier"/> the certificate
    /// DER or the key's SubjectPublicKeyInfo DER.
    /// </summary>
    public static void Match(TlogEntry entry, SigstoreBundle bundle, byte[] digest, byte[] verifier)
    {
        using var doc = JsonDocument.Parse(entry.Body);
        var root = doc.RootElement;
        var kind = root.GetProperty("kind").GetString();
        var version = root.GetProperty("apiVersion").GetString();
        if (kind != entry.Kind || version != entry.Version) throw new BundleRejectedException("the log entry's body is not of the kind the bundle states");
        var spec = root.GetProperty("spec");
        var ok = (kind, version) switch
        {
            ("hashedrekord", "0.0.1") => HashedRekordV1(spec, bundle, digest, verifier),
            ("hashedrekord", "0.0.2") => HashedRekordV2(spec.GetProperty("hashedRekordV002"), bundle, verifier),
            ("dsse", "0.0.1") => Dsse(spec, bundle, verifier),
            ("intoto", "0.0.2") => Intoto(spec.GetProperty("content"), bundle, verifier),
            _ => throw new BundleRejectedException($"unsupported log entry kind {kind} {version}"),
        };
        if (!ok) throw new BundleRejectedException($"the log entry ({kind} {version}) does not record this signature and artifact");
    }

    private static bool HashedRekordV1(JsonElement spec, SigstoreBundle bundle, byte[] digest, byte[] verifier)
    {
        if (bundle.Message is not { } message) return false;
        var hash = spec.GetProperty("data").GetProperty("hash");
        return hash.GetProperty("algorithm").GetString() == "sha256"
            && hash.GetProperty("value").GetString() == Convert.ToHexStringLower(digest)
            && SigstoreBundle.Base64(spec.GetProperty("signature"), "content").AsSpan().SequenceEqual(message.Signature)
            && PemMatches(spec.GetProperty("signature").GetProperty("publicKey").GetProperty("content").GetString(), verifier);
    }

    private static bool HashedRekordV2(JsonElement spec, SigstoreBundle bundle, byte[] verifier)
    {
        var data = spec.GetProperty("data");
        if (data.GetProperty("algorithm").GetString() != "SHA2_256") return false;
        var (expectedDigest, signature) = bundle.Message is { } m
            ? (m.Digest, m.Signature)
            : (SHA256.HashData(bundle.Envelope!.Pae()), bundle.Envelope.Signatures.Count == 1 ? bundle.Envelope.Signatures[0] : null);
        var signatureSpec = spec.GetProperty("signature");
        var v = signatureSpec.GetProperty("verifier");
        var material = v.TryGetProperty("x509Certificate", out var c) ? SigstoreBundle.Base64(c, "rawBytes")
            : v.TryGetProperty("publicKey", out var k) ? SigstoreBundle.Base64(k, "rawBytes") : null;
        return expectedDigest is not null && signature is not null && material is not null
            && SigstoreBundle.Base64(data, "digest").AsSpan().SequenceEqual(expectedDigest)
            && SigstoreBundle.Base64(signatureSpec, "content").AsSpan().SequenceEqual(signature)
            && material.AsSpan().SequenceEqual(verifier);
    }

    private static bool Dsse(JsonElement spec, SigstoreBundle bundle, byte[] verifier)
    {
        if (bundle.Envelope is not { } envelope) return false;
        var payloadHash = spec.GetProperty("payloadHash");
        if (payloadHash.GetProperty("value").GetString() != Convert.ToHexStringLower(SHA256.HashData(envelope.Payload))) return false;
        var logged = spec.GetProperty("signatures").EnumerateArray()
            .Select(s => (Sig: SigstoreBundle.Base64(s, "signature"), Verifier: s.GetProperty("verifier").GetString())).ToList();
        return logged.Count == envelope.Signatures.Count
            && envelope.Signatures.All(sig => logged.Any(l => l.Sig.AsSpan().SequenceEqual(sig) && PemMatches(l.Verifier, verifier)));
    }

    private static bool Intoto(JsonElement content, SigstoreBundle bundle, byte[] verifier)
    {
        if (bundle.Envelope is not { } envelope) return false;
        if (content.GetProperty("payloadHash").GetProperty("value").GetString() != Convert.ToHexStringLower(SHA256.HashData(envelope.Payload))) return false;
        var logged = content.GetProperty("envelope");
        if (logged.GetProperty("payloadType").GetString() != envelope.PayloadType) return false;
        var signatures = logged.GetProperty("signatures").EnumerateArray()
            .Select(s => (Sig: Convert.FromBase64String(Encoding.ASCII.GetString(SigstoreBundle.Base64(s, "sig"))), Key: s.GetProperty("publicKey").GetString()))
            .ToList();
        return signatures.Count == envelope.Signatures.Count
            && envelope.Signatures.All(sig => signatures.Any(l => l.Sig.AsSpan().SequenceEqual(sig) && PemMatches(l.Key, verifier)));
    }

    // Rekor v1 bodies carry the certificate or key as base64 of its PEM text.
    private static bool PemMatches(string? base64Pem, byte[] der)
    {
        if (base64Pem is null) return false;
        var pem = Encoding.ASCII.GetString(Convert.FromBase64String(base64Pem));
        var fields = PemEncoding.TryFind(pem, out var f) ? f : throw new BundleRejectedException("the log entry's verifier is not PEM");
        return Convert.FromBase64String(pem[fields.Base64Data]).AsSpan().SequenceEqual(der);
    }
}
