using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Drydock.Bases;
using Drydock.Policy;
using Drydock.Images;

namespace Drydock.Controls.Trust;

/// <summary>
/// Verifies fetched signatures against the policy's keys, offline and pure. Cosign: ECDSA P-256/SHA-256 (ASN.1 DER)
/// over the simple-signing payload, whose <c>critical.image.docker-manifest-digest</c> must be the image's digest.
/// Sigstore bundles: <c>messageSignature</c> over the manifest (its messageDigest must be the image digest) or a
/// <c>dsseEnvelope</c> (signature over DSSE PAE) whose in-toto subject digest is the image digest. Keyless
/// (Fulcio certificate + Rekor) verification is not implemented: such bundles are reported as unverifiable.
/// </summary>
public static class SignatureVerifier
{
    public static IReadOnlyList<string> RequiredKeysFor(DrydockPolicy policy, ImageReference reference) =>
        policy.RequiredSigners
            .Where(s => Glob.IsMatch(TrustedBaseMatcher.NormalisePattern(s.RepositoryPattern), reference.Name))
            .SelectMany(s => s.KeyFiles)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static SignatureVerification Verify(Digest manifestDigest, IReadOnlyList<string> keyFiles, IReadOnlyList<SignatureArtifact> artifacts)
    {
        var keys = keyFiles.Select(LoadKey).ToList();
        try
        {
            var checks = artifacts.Select(a => Check(manifestDigest, keys, a)).ToList();
            return new SignatureVerification { Attempted = true, RequiredKeys = keyFiles, Checks = checks };
        }
        finally
        {
            foreach (var (_, key) in keys) key.Dispose();
        }
    }

    private static (string File, ECDsa Key) LoadKey(string file)
    {
        try
        {
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(file));
            return (file, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            throw new UsageException($"signer key '{file}': cannot read an ECDSA public key ({e.Message})");
        }
    }

    private static SignatureCheck Check(Digest manifestDigest, List<(string File, ECDsa Key)> keys, SignatureArtifact artifact)
    {
        try
        {
            var (signedDigest, verify) = artifact.Kind == SignatureKind.CosignSimpleSigning ? Cosign(artifact) : Bundle(artifact);
            var key = keys.FirstOrDefault(k => verify(k.Key)).File;
            if (key is null)
                return new(artifact.Kind, artifact.Source, false, null, signedDigest, keys.Count == 0 ? "no key to verify with" : "signature does not verify with any required key");
            if (signedDigest != manifestDigest.ToString())
                return new(artifact.Kind, artifact.Source, false, key, signedDigest, $"signature is over {signedDigest}, not this image ({manifestDigest})");
            return new(artifact.Kind, artifact.Source, true, key, signedDigest, null);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or CryptographicException)
        {
            return new(artifact.Kind, artifact.Source, false, null, null, "malformed signature: " + e.Message);
        }
    }

    private static (string? Digest, Func<ECDsa, bool> Verify) Cosign(SignatureArtifact a)
    {
        var signature = Convert.FromBase64String(a.Signature ?? throw new FormatException("no signature annotation"));
        using var doc = JsonDocument.Parse(a.Content);
        var digest = doc.RootElement.GetProperty("critical").GetProperty("image").GetProperty("docker-manifest-digest").GetString();
        return (digest, k => k.VerifyData(a.Content, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    private static (string? Digest, Func<ECDsa, bool> Verify) Bundle(SignatureArtifact a)
    {
        using var doc = JsonDocument.Parse(a.Content);
        var root = doc.RootElement;
        if (root.TryGetProperty("verificationMaterial", out var material) && (material.TryGetProperty("certificate", out _) || material.TryGetProperty("x509CertificateChain", out _)))
            throw new InvalidOperationException("keyless (certificate) bundles are not verified yet");
        if (root.TryGetProperty("messageSignature", out var ms))
        {
            var md = ms.GetProperty("messageDigest");
            if (md.GetProperty("algorithm").GetString() != "SHA2_256") throw new FormatException("unsupported message digest algorithm");
            var hash = Convert.FromBase64String(md.GetProperty("digest").GetString() ?? "");
            var sig = Convert.FromBase64String(ms.GetProperty("signature").GetString() ?? "");
            return ("sha256:" + Convert.ToHexStringLower(hash), k => k.VerifyHash(hash, sig, DSASignatureFormat.Rfc3279DerSequence));
        }
        var env = root.GetProperty("dsseEnvelope");
        var payloadType = env.GetProperty("payloadType").GetString() ?? "";
        var payload = Convert.FromBase64String(env.GetProperty("payload").GetString() ?? "");
        var sigs = env.GetProperty("signatures").EnumerateArray().Select(s => Convert.FromBase64String(s.GetProperty("sig").GetString() ?? "")).ToList();
        // DSSE v1 pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.
        var pae = Encoding.UTF8.GetBytes($"DSSEv1 {Encoding.UTF8.GetByteCount(payloadType)} {payloadType} {payload.Length} ").Concat(payload).ToArray();
        using var statement = JsonDocument.Parse(payload);
        var subjectDigest = statement.RootElement.GetProperty("subject").EnumerateArray()
            .Select(s => s.GetProperty("digest").TryGetProperty("sha256", out var h) ? "sha256:" + h.GetString() : null)
            .FirstOrDefault(d => d is not null);
        return (subjectDigest, k => sigs.Any(s => k.VerifyData(pae, s, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
    }
}
