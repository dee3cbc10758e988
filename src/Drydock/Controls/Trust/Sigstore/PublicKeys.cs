using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// Signature checks with a DER SubjectPublicKeyInfo or a certificate's key: ECDSA (P-256 with SHA-256, P-384 with
/// SHA-384; DER signatures), RSA PKCS#1 v1.5 with SHA-256, and Ed25519 (pure, RFC 8032).
/// </summary>
public static class PublicKeys
{
    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>Verifies with the hash the key implies (ECDSA: by curve size; RSA: SHA-256), or <paramref name="hash"/> when given.</summary>
    public static bool Verify(ReadOnlySpan<byte> spki, byte[] data, byte[] signature, HashAlgorithmName? hash = null)
    {
        if (AlgorithmOid(spki) == Ed25519Oid) return Ed25519.Verify(RawKey(spki), data, signature);
        try
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(spki, out _);
            return ec.VerifyData(data, signature, hash ?? EcHash(ec), DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            return rsa.VerifyData(data, signature, hash ?? HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
    }

    /// <summary>Verifies a signature over a precomputed SHA-256 digest (ECDSA and RSA only: Ed25519 signs messages).</summary>
    public static bool VerifyDigest(ReadOnlySpan<byte> spki, byte[] digest, byte[] signature)
    {
        if (AlgorithmOid(spki) == Ed25519Oid) throw new BundleRejectedException("an Ed25519 signature cannot be checked against a digest alone");
        try
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(spki, out _);
            return ec.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            return rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
    }

    /// <summary><see cref="Verify"/>, with a key or signature that cannot be used (malformed, wrong type) counting as "does not verify".</summary>
    public static bool TryVerify(ReadOnlySpan<byte> spki, byte[] data, byte[] signature, HashAlgorithmName? hash = null)
    {
        try
        {
            return Verify(spki, data, signature, hash);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary><see cref="VerifyDigest"/>, with an unusable key or signature counting as "does not verify".</summary>
    public static bool TryVerifyDigest(ReadOnlySpan<byte> spki, byte[] digest, byte[] signature)
    {
        try
        {
            return VerifyDigest(spki, digest, signature);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="spki"/> is a DER SubjectPublicKeyInfo of a key type this class verifies with.</summary>
    public static bool IsSupported(byte[] spki)
    {
        try
        {
            if (AlgorithmOid(spki) == Ed25519Oid) return RawKey(spki).Length == 32;
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(spki, out _);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or BundleRejectedException or AsnContentException)
        {
            try
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(spki, out _);
                return true;
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }

    public static byte[] Spki(X509Certificate2 certificate) => certificate.PublicKey.ExportSubjectPublicKeyInfo();

    private static HashAlgorithmName EcHash(ECDsa ec) => ec.KeySize switch
    {
        384 => HashAlgorithmName.SHA384,
        521 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    private static string AlgorithmOid(ReadOnlySpan<byte> spki)
    {
        try
        {
            var reader = new AsnReader(spki.ToArray(), AsnEncodingRules.DER).ReadSequence();
            return reader.ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException)
        {
            throw new BundleRejectedException("a public key is not a DER SubjectPublicKeyInfo");
        }
    }

    private static byte[] RawKey(ReadOnlySpan<byte> spki)
    {
        var reader = new AsnReader(spki.ToArray(), AsnEncodingRules.DER).ReadSequence();
        reader.ReadSequence();
        return reader.ReadBitString(out _);
    }
}
