using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.Controls.Trust.Notation;

/// <summary>
/// Checks that one certificate was signed by another's key (RFC 5280 §4.1.1.2–3: the signature over the DER
/// TBSCertificate with the algorithm named in the certificate): RSA PKCS#1 v1.5 and RSASSA-PSS, ECDSA; SHA-256/384/512.
/// .NET exposes this only through chain building, which treats a self-issued leaf as an untrusted root.
/// </summary>
internal static class CertificateSignature
{
    public static bool SignedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)) return false;
        try
        {
            var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadEncodedValue().ToArray();
            var algorithm = outer.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            var signature = outer.ReadBitString(out _);
            switch (oid)
            {
                case "1.2.840.10045.4.3.2" or "1.2.840.10045.4.3.3" or "1.2.840.10045.4.3.4":
                    using (var ec = issuer.GetECDsaPublicKey())
                        return ec is not null && ec.VerifyData(tbs, signature, EcdsaHash(oid), DSASignatureFormat.Rfc3279DerSequence);
                case "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13":
                    using (var rsa = issuer.GetRSAPublicKey())
                        return rsa is not null && rsa.VerifyData(tbs, signature, RsaHash(oid), RSASignaturePadding.Pkcs1);
                case "1.2.840.113549.1.1.10":
                    using (var rsa = issuer.GetRSAPublicKey())
                        return rsa is not null && rsa.VerifyData(tbs, signature, PssHash(algorithm), RSASignaturePadding.Pss);
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    private static HashAlgorithmName EcdsaHash(string oid) => oid[^1] switch
    {
        '3' => HashAlgorithmName.SHA384,
        '4' => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    private static HashAlgorithmName RsaHash(string oid) => oid[^2..] switch
    {
        "12" => HashAlgorithmName.SHA384,
        "13" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    // RSASSA-PSS-params: [0] hashAlgorithm (default SHA-1, which Notation does not allow).
    private static HashAlgorithmName PssHash(AsnReader algorithm)
    {
        var parameters = algorithm.ReadSequence();
        var hashOid = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence().ReadObjectIdentifier();
        return hashOid switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => throw new CryptographicException("unsupported PSS hash " + hashOid),
        };
    }
}
