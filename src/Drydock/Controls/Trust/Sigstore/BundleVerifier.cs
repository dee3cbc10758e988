using Drydock.Policy;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>What a verified bundle proves: who signed (SAN or key), the OIDC issuer, when, and the log index.</summary>
public sealed record BundleVerification(string Signer, string? Issuer, DateTimeOffset SignedAt, long LogIndex);

/// <summary>
/// Offline verification of a Sigstore bundle (the client algorithm of the Sigstore client spec) against a trusted root:
/// log entries (signed entry timestamp, inclusion proof, checkpoint), signing time (Rekor integrated time or an RFC 3161
/// timestamp from a trusted TSA), the Fulcio chain at that time, the embedded SCT, the identity policy, the signature
/// over the artifact (or over the DSSE PAE, whose in-toto statement must name the artifact as a subject) and the log
/// body matching all of it. Throws <see cref="BundleRejectedException"/> with the first failed check.
/// </summary>
public static class BundleVerifier
{
    /// <summary>
    /// <paramref name="artifactDigest"/> is the SHA-256 of the artifact (a file's bytes, or an image's manifest);
    /// <paramref name="identity"/> is required for certificate bundles, <paramref name="key"/> (a SubjectPublicKeyInfo DER)
    /// for bundles signed with a managed key.
    /// </summary>
    public static BundleVerification Verify(SigstoreBundle bundle, byte[] artifactDigest, CertificateIdentity? identity, byte[]? key, TrustedRoot root)
    {
        if (bundle.TlogEntries.Count == 0) throw new BundleRejectedException("the bundle has no transparency log entry");
        using var leaf = bundle.Certificate is { } der ? LoadCertificate(der) : null;
        if (leaf is null && key is null) throw new BundleRejectedException("the bundle is signed with a key, but no key was given (--key)");
        if (leaf is not null && key is not null) throw new BundleRejectedException("the bundle is signed with a certificate, not with the given key");
        if (leaf is not null && bundle.ChainRest.Any(c => IsSelfSigned(c)))
            throw new BundleRejectedException("the bundle's certificate chain contains a root certificate");
        var spki = leaf is null ? key! : PublicKeys.Spki(leaf);

        var times = new List<DateTimeOffset>();
        long logIndex = -1;
        foreach (var entry in bundle.TlogEntries)
        {
            if (TransparencyLogVerifier.Verify(entry, bundle.MinorVersion, root) is { } t) times.Add(t);
            logIndex = entry.LogIndex;
        }
        var signature = SignatureBytes(bundle);
        foreach (var stamp in bundle.Rfc3161Timestamps) times.Add(TimestampVerifier.Verify(stamp, signature, root));
        if (times.Count == 0) throw new BundleRejectedException("no verified signing time: neither a signed entry timestamp nor a trusted RFC 3161 timestamp");
        foreach (var entry in bundle.TlogEntries.Where(e => e.IntegratedTime is null))
            foreach (var time in times) TransparencyLogVerifier.CheckLogValidAt(entry, root, time);

        string signer;
        string? issuer = null;
        if (leaf is not null)
        {
            var (_, issuerKey) = FulcioCertificate.Chain(leaf, root, times);
            SctVerifier.Verify(leaf, issuerKey, root);
            issuer = FulcioCertificate.Issuer(leaf);
            var subjects = FulcioCertificate.SubjectAlternativeNames(leaf);
            if (identity is null || !identity.Matches(issuer, subjects))
                throw new BundleRejectedException($"the certificate identity ({string.Join(", ", subjects)} from {issuer ?? "no issuer"}) is not the expected {identity}");
            signer = subjects.Count > 0 ? subjects[0] : "(no SAN)";
        }
        else
        {
            signer = "key sha256:" + Convert.ToHexStringLower(SHA256.HashData(spki));
        }

        VerifyContent(bundle, artifactDigest, spki);
        var verifier = leaf?.RawData ?? spki;
        foreach (var entry in bundle.TlogEntries) TlogBodyMatcher.Match(entry, bundle, artifactDigest, verifier);
        return new BundleVerification(signer, issuer, times.Min(), logIndex);
    }

    private static void VerifyContent(SigstoreBundle bundle, byte[] artifactDigest, byte[] spki)
    {
        if (bundle.Message is { } message)
        {
            if (message.Digest is { } d && !d.AsSpan().SequenceEqual(artifactDigest))
                throw new BundleRejectedException("the bundle signs another artifact (message digest differs)");
            if (!PublicKeys.TryVerifyDigest(spki, artifactDigest, message.Signature)) throw new BundleRejectedException("the signature does not verify over the artifact");
            return;
        }
        var envelope = bundle.Envelope!;
        if (envelope.Signatures.Count != 1) throw new BundleRejectedException("the DSSE envelope must carry exactly one signature");
        if (!PublicKeys.TryVerify(spki, envelope.Pae(), envelope.Signatures[0])) throw new BundleRejectedException("the DSSE signature does not verify");
        if (envelope.PayloadType != "application/vnd.in-toto+json") throw new BundleRejectedException($"unsupported DSSE payload type {envelope.PayloadType}");
        var hex = Convert.ToHexStringLower(artifactDigest);
        using var statement = JsonDocument.Parse(envelope.Payload);
        var subjects = statement.RootElement.GetProperty("subject").EnumerateArray()
            .Select(s => s.TryGetProperty("digest", out var dg) && dg.TryGetProperty("sha256", out var h) ? h.GetString() : null);
        if (!subjects.Contains(hex)) throw new BundleRejectedException($"the in-toto statement has no subject sha256:{hex}");
    }

    // The RFC 3161 timestamp is over the signature: the message signature, or the DSSE envelope's only signature.
    private static byte[] SignatureBytes(SigstoreBundle bundle) =>
        bundle.Message?.Signature ?? (bundle.Envelope!.Signatures.Count > 0 ? bundle.Envelope.Signatures[0] : []);

    private static X509Certificate2 LoadCertificate(byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw new BundleRejectedException("the bundle's certificate is not valid DER: " + e.Message);
        }
    }

    private static bool IsSelfSigned(byte[] der)
    {
        using var c = LoadCertificate(der);
        return c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData);
    }
}
