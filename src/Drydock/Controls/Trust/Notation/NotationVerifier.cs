using Drydock.Policy;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.Controls.Trust.Notation;

/// <summary>What one Notation signature proved under one rule: valid or the reason, the signer, what was only logged.</summary>
public sealed record NotationResult(bool Valid, string? Signer, string? Problem, IReadOnlyList<string> Logged);

/// <summary>
/// Verifies a Notary Project signature (notation's verification workflow, without plugins or revocation) for one
/// manifest digest under one rule: integrity (envelope decodes, no critical header a plugin would be needed for,
/// signature valid with the leaf key, <c>targetArtifact.digest</c> is this manifest), authenticity (the x5c chain reaches
/// a certificate of the trust store, at the authentic signing time for <c>notary.x509.signingAuthority</c>; the leaf
/// matches a trusted identity), authentic timestamp (<c>notary.x509</c>: the chain valid now, or, with the rule's TSA
/// trust store, at the time of a verified RFC 3161 countersignature: <see cref="AuthenticTimestamp"/>) and expiry; the
/// level decides which failures reject and which are logged (authentic timestamp: enforced at strict only).
/// </summary>
public static class NotationVerifier
{
    private const string SigningAuthorityScheme = "notary.x509.signingAuthority";

    public static NotationResult Verify(string mediaType, byte[] envelopeBytes, string manifestDigest, NotationRule rule, X509Certificate2Collection trustStore, DateTimeOffset now)
    {
        if (rule.Level == NotationLevel.Skip) return new NotationResult(false, null, "the rule's level is skip: nothing is verified", []);
        NotationEnvelope envelope;
        try
        {
            envelope = NotationEnvelope.Decode(mediaType, envelopeBytes);
        }
        catch (FormatException e)
        {
            return Invalid("unable to parse the digital signature: " + e.Message);
        }
        if (envelope.UnsupportedCritical is { } critical)
            return Invalid($"the signature has critical header \"{critical}\" (a verification plugin or extension Drydock does not run)");
        if (envelope.CertificateChain.Count == 0) return Invalid("the signature carries no certificate chain");
        var chain = new X509Certificate2Collection();
        try
        {
            foreach (var der in envelope.CertificateChain) chain.Add(X509CertificateLoader.LoadCertificate(der));
            var leaf = chain[0];
            bool signatureValid;
            string target;
            try
            {
                signatureValid = envelope.SignatureValid(leaf);
                target = envelope.TargetDigest();
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return Invalid("integrity: " + e.Message);
            }
            if (!signatureValid) return Invalid("integrity: the signature does not verify with its certificate");
            if (target != manifestDigest) return Invalid($"integrity: the signature is over {target}, not this image ({manifestDigest})");

            var logged = new List<string>();
            var signer = leaf.Subject;
            if (Authenticity(envelope, chain, rule, trustStore, now) is { } authenticity)
            {
                if (rule.Level is NotationLevel.Strict or NotationLevel.Permissive) return Invalid("authenticity: " + authenticity, signer);
                logged.Add("authenticity: " + authenticity);
            }
            if (envelope.SigningScheme != SigningAuthorityScheme && AuthenticTimestamp.Check(envelope, chain, rule, now) is { } timestamp)
            {
                if (rule.Level == NotationLevel.Strict) return Invalid("authentic timestamp: " + timestamp, signer);
                logged.Add("authentic timestamp: " + timestamp);
            }
            if (envelope.Expiry is { } expiry && expiry < now)
            {
                var problem = $"expiry: the signature expired on {expiry:yyyy-MM-ddTHH:mm:ssZ}";
                if (rule.Level == NotationLevel.Strict) return Invalid(problem, signer);
                logged.Add(problem);
            }
            return new NotationResult(true, signer, null, logged);
        }
        catch (CryptographicException e)
        {
            return Invalid("a certificate in the signature is not valid DER: " + e.Message);
        }
        finally
        {
            foreach (var c in chain) c.Dispose();
        }
    }

    private static NotationResult Invalid(string problem, string? signer = null) => new(false, signer, problem, []);

    // notation's rule: the x5c chain is a valid chain (each certificate signed by the next) that ends in a self-signed root
    // or in a certificate signed by a trust-store certificate, and one of its certificates is in the trust store
    // (byte-equal) or signed its last one. For notary.x509.signingAuthority every certificate must be valid at the
    // authentic signing time (or now, without one); for notary.x509 the times are the authentic-timestamp step's.
    private static string? Authenticity(NotationEnvelope envelope, X509Certificate2Collection chain, NotationRule rule, X509Certificate2Collection trustStore, DateTimeOffset now)
    {
        DateTimeOffset? at = envelope.SigningScheme == SigningAuthorityScheme ? envelope.SigningTime ?? now : null;
        for (var i = 0; i + 1 < chain.Count; i++)
        {
            if (!CertificateSignature.SignedBy(chain[i], chain[i + 1])) return $"certificate \"{chain[i].Subject}\" is not signed by the next one in the chain";
        }
        foreach (var c in at is null ? [] : chain)
        {
            if (at < c.NotBefore.ToUniversalTime() || at > c.NotAfter.ToUniversalTime())
                return $"certificate \"{c.Subject}\" is not valid at {at:yyyy-MM-ddTHH:mm:ssZ} (valid {c.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ} to {c.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ})";
        }
        var last = chain[^1];
        var trusted = chain.Any(c => trustStore.Any(s => s.RawData.AsSpan().SequenceEqual(c.RawData)))
                      || trustStore.Any(s => CertificateSignature.SignedBy(last, s) && (at is null || (at >= s.NotBefore.ToUniversalTime() && at <= s.NotAfter.ToUniversalTime())));
        if (!trusted) return "the signature's certificate chain does not contain any trusted certificate";
        return rule.TrustedIdentities.Any(i => i.Matches(chain[0]))
            ? null
            : $"signing certificate \"{chain[0].Subject}\" does not match the trusted identities [{string.Join("; ", rule.TrustedIdentities)}]";
    }
}
