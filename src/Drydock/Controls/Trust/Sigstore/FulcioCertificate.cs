using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// A Fulcio signing certificate: its identity (the SAN: URI, email or DNS name; the OIDC issuer from extension
/// 1.3.6.1.4.1.57264.1.8, else the deprecated raw-string 1.3.6.1.4.1.57264.1.1) and its chain to one of the trusted root's
/// certificate authorities, checked at the signing time (Fulcio certificates live ten minutes, so "now" would be wrong).
/// </summary>
public static class FulcioCertificate
{
    private const string IssuerV2Oid = "1.3.6.1.4.1.57264.1.8";
    private const string IssuerV1Oid = "1.3.6.1.4.1.57264.1.1";
    private const string SubjectAltNameOid = "2.5.29.17";

    public static string? Issuer(X509Certificate2 certificate)
    {
        foreach (var e in certificate.Extensions)
        {
            if (e.Oid?.Value == IssuerV2Oid)
                return new AsnReader(e.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String);
        }
        var v1 = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == IssuerV1Oid);
        return v1 is null ? null : Encoding.UTF8.GetString(v1.RawData);
    }

    /// <summary>The subject alternative names: rfc822Name [1], dNSName [2] and URI [6]; other forms are skipped.</summary>
    public static IReadOnlyList<string> SubjectAlternativeNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        var san = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == SubjectAltNameOid);
        if (san is null) return names;
        var reader = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 2 or 6 && !tag.IsConstructed)
                names.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, tag));
            else
                reader.ReadEncodedValue();
        }
        return names;
    }

    /// <summary>
    /// Builds the chain leaf → the authority's intermediates → its root, valid at every one of <paramref name="times"/>,
    /// and returns the authority that anchors it (the issuer's key is needed for the SCT) or the reason there is none.
    /// </summary>
    public static (TrustedAuthority Authority, byte[] IssuerKey) Chain(X509Certificate2 leaf, TrustedRoot root, IReadOnlyList<DateTimeOffset> times)
    {
        string? problem = null;
        foreach (var authority in root.CertificateAuthorities.Where(a => a.Chain.Count > 0))
        {
            if (!times.All(authority.ValidAt))
            {
                problem ??= "the signing time is outside every certificate authority's validity";
                continue;
            }
            var ok = true;
            byte[]? issuer = null;
            foreach (var time in times)
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.VerificationTime = time.UtcDateTime;
                chain.ChainPolicy.VerificationTimeIgnored = false;
                chain.ChainPolicy.CustomTrustStore.Add(authority.Chain[^1]);
                foreach (var intermediate in authority.Chain.Take(authority.Chain.Count - 1)) chain.ChainPolicy.ExtraStore.Add(intermediate);
                if (!chain.Build(leaf) || chain.ChainElements.Count < 2)
                {
                    ok = false;
                    var status = chain.ChainStatus.Select(s => s.Status).FirstOrDefault(s => s != X509ChainStatusFlags.NoError);
                    problem = status == X509ChainStatusFlags.NotTimeValid
                        ? $"the certificate was not valid at the signing time {time:yyyy-MM-ddTHH:mm:ssZ}"
                        : problem ?? $"the certificate does not chain to a trusted certificate authority ({status})";
                    break;
                }
                issuer = PublicKeys.Spki(chain.ChainElements[1].Certificate);
            }
            if (ok && issuer is not null) return (authority, issuer);
        }
        throw new BundleRejectedException(problem ?? "the trusted root has no certificate authority");
    }
}
