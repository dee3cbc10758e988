using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// Verifies an RFC 3161 TimeStampToken (CMS SignedData over a TSTInfo, RFC 5652 §5) against the trusted root's
/// timestamp authorities and returns its genTime: the message imprint is the hash of the bundle's signature, the signed
/// attributes' messageDigest is the hash of the TSTInfo, the signature over the DER SET of signed attributes verifies
/// with a trusted TSA's leaf key, and at genTime both the authority (closed interval) and its certificate chain are valid.
/// </summary>
public static class TimestampVerifier
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";

    public static DateTimeOffset Verify(byte[] token, byte[] signature, TrustedRoot root)
    {
        try
        {
            return VerifyCore(token, signature, root);
        }
        catch (AsnContentException e)
        {
            throw new BundleRejectedException("the RFC 3161 timestamp is malformed: " + e.Message);
        }
    }

    private static DateTimeOffset VerifyCore(byte[] token, byte[] signature, TrustedRoot root)
    {
        var contentInfo = new AsnReader(token, AsnEncodingRules.BER).ReadSequence();
        // Sigstore bundles hold the whole TimeStampResp (RFC 3161 §2.4.2): status, then the token's ContentInfo.
        if (contentInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var status = contentInfo.ReadSequence().ReadInteger();
            if (status > 1) throw new BundleRejectedException("the RFC 3161 timestamp response is not 'granted'");
            contentInfo = contentInfo.ReadSequence();
        }
        if (contentInfo.ReadObjectIdentifier() != SignedDataOid) throw new BundleRejectedException("the timestamp is not CMS SignedData");
        var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf();
        var encap = signedData.ReadSequence();
        if (encap.ReadObjectIdentifier() != TstInfoOid) throw new BundleRejectedException("the timestamp does not hold a TSTInfo");
        var tstInfo = encap.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)).ReadOctetString();
        if (signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) signedData.ReadEncodedValue();
        if (signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1))) signedData.ReadEncodedValue();
        var signerInfo = signedData.ReadSetOf().ReadSequence();
        signerInfo.ReadInteger();
        signerInfo.ReadEncodedValue();
        var digestAlgorithm = Hash(signerInfo.ReadSequence().ReadObjectIdentifier());
        var signedAttrsRaw = signerInfo.ReadEncodedValue().ToArray();
        signerInfo.ReadSequence();
        var cmsSignature = signerInfo.ReadOctetString();

        var (imprintAlgorithm, imprint, genTime) = ReadTstInfo(tstInfo);
        if (!CryptographicOperations.FixedTimeEquals(Digest(imprintAlgorithm, signature), imprint))
            throw new BundleRejectedException("the RFC 3161 timestamp is over another signature (message imprint differs)");
        if (!AttributeDigest(signedAttrsRaw).AsSpan().SequenceEqual(Digest(digestAlgorithm, tstInfo)))
            throw new BundleRejectedException("the RFC 3161 timestamp's signed attributes do not match its TSTInfo");
        // The signature is over the DER SET OF attributes, i.e. the [0] IMPLICIT field with the SET tag restored.
        signedAttrsRaw[0] = 0x31;
        string? problem = null;
        foreach (var authority in root.TimestampAuthorities.Where(a => a.Chain.Count > 0))
        {
            if (!PublicKeys.TryVerify(PublicKeys.Spki(authority.Chain[0]), signedAttrsRaw, cmsSignature, digestAlgorithm)) continue;
            if (!authority.ValidAt(genTime)) problem = "the RFC 3161 timestamp is outside its authority's validity in the trusted root";
            else if (!ChainValidAt(authority, genTime)) problem = "the timestamp authority's certificate was not valid at the timestamp's time";
            else return genTime;
        }
        throw new BundleRejectedException(problem ?? "the RFC 3161 timestamp is not signed by a trusted timestamp authority");
    }

    private static (HashAlgorithmName, byte[], DateTimeOffset) ReadTstInfo(byte[] der)
    {
        var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        info.ReadInteger();
        info.ReadObjectIdentifier();
        var imprint = info.ReadSequence();
        var algorithm = Hash(imprint.ReadSequence().ReadObjectIdentifier());
        var hashed = imprint.ReadOctetString();
        info.ReadInteger();
        return (algorithm, hashed, info.ReadGeneralizedTime());
    }

    private static byte[] AttributeDigest(byte[] signedAttrs)
    {
        var set = new AsnReader(signedAttrs, AsnEncodingRules.DER).ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0));
        while (set.HasData)
        {
            var attribute = set.ReadSequence();
            if (attribute.ReadObjectIdentifier() == MessageDigestOid) return attribute.ReadSetOf().ReadOctetString();
        }
        throw new BundleRejectedException("the RFC 3161 timestamp has no messageDigest attribute");
    }

    private static bool ChainValidAt(TrustedAuthority authority, DateTimeOffset time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.Add(authority.Chain[^1]);
        foreach (var c in authority.Chain.Skip(1).SkipLast(1)) chain.ChainPolicy.ExtraStore.Add(c);
        return chain.Build(authority.Chain[0]);
    }

    private static HashAlgorithmName Hash(string oid) => oid switch
    {
        "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
        _ => throw new BundleRejectedException($"unsupported hash algorithm {oid} in the RFC 3161 timestamp"),
    };

    private static byte[] Digest(HashAlgorithmName algorithm, byte[] data) =>
        algorithm == HashAlgorithmName.SHA384 ? SHA384.HashData(data)
        : algorithm == HashAlgorithmName.SHA512 ? SHA512.HashData(data)
        : SHA256.HashData(data);
}
