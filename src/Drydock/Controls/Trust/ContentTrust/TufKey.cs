using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Drydock.Controls.Trust.Sigstore;

namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// A public key as notary writes it in TUF metadata (<c>{"keytype": …, "keyval": {"public": base64}}</c>):
/// <c>ed25519</c> (the 32 raw bytes), <c>ecdsa</c> and <c>rsa</c> (DER SubjectPublicKeyInfo), <c>ecdsa-x509</c> and
/// <c>rsa-x509</c> (a PEM certificate; root keys are certificates). <see cref="Material"/> identifies the key itself,
/// whatever id the metadata files it under, so one key can never count twice towards a threshold.
/// </summary>
internal sealed class TufKey
{
    private TufKey(string type, byte[] material) => (Type, Material) = (type, material);

    public string Type { get; }

    /// <summary>The SubjectPublicKeyInfo (the raw key for ed25519).</summary>
    public byte[] Material { get; }

    public static TufKey Parse(JsonElement key)
    {
        var type = TufJson.String(key, "keytype");
        var publicText = key.TryGetProperty("keyval", out var val) ? TufJson.String(val, "public") : throw new ContentTrustException("a key has no keyval");
        var bytes = TufJson.Base64(publicText, "key");
        return type switch
        {
            "ed25519" when bytes.Length == 32 => new TufKey(type, bytes),
            "ecdsa" or "rsa" => new TufKey(type, bytes),
            "ecdsa-x509" or "rsa-x509" => new TufKey(type, SpkiOfCertificate(bytes)),
            _ => throw new ContentTrustException($"unsupported or malformed key of type '{type}'"),
        };
    }

    /// <summary>A pinned key from a PEM file: a certificate (what notary keeps for root) or a public key.</summary>
    public static byte[] MaterialOfPem(string pem)
    {
        try
        {
            if (pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
            {
                using var cert = X509Certificate2.CreateFromPem(pem);
                return cert.PublicKey.ExportSubjectPublicKeyInfo();
            }
            var begin = pem.IndexOf("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal);
            var end = pem.IndexOf("-----END PUBLIC KEY-----", StringComparison.Ordinal);
            if (begin < 0 || end < begin) throw new FormatException("no CERTIFICATE or PUBLIC KEY block");
            return Convert.FromBase64String(pem[(begin + 26)..end]);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new ContentTrustException($"not a PEM certificate or public key ({e.Message})");
        }
    }

    private static byte[] SpkiOfCertificate(byte[] pemBytes)
    {
        try
        {
            using var cert = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(pemBytes));
            return cert.PublicKey.ExportSubjectPublicKeyInfo();
        }
        catch (CryptographicException e)
        {
            throw new ContentTrustException($"a certificate key does not parse ({e.Message})");
        }
    }

    /// <summary>
    /// Checks <paramref name="signature"/> over <paramref name="message"/> by notary's methods: <c>ecdsa</c> (SHA-256,
    /// r‖s, DER accepted too), <c>rsapss</c> (SHA-256, salt as long as the hash), <c>rsapkcs1v15</c>, <c>eddsa</c> (Ed25519).
    /// A method that does not fit the key type is a failed check, never an error.
    /// </summary>
    public bool Verifies(string method, byte[] message, byte[] signature)
    {
        try
        {
            switch (method)
            {
                case "eddsa" or "ed25519" when Type == "ed25519":
                    return Ed25519.Verify(Material, message, signature);
                case "ecdsa" when Type is "ecdsa" or "ecdsa-x509":
                    using (var ec = ECDsa.Create())
                    {
                        ec.ImportSubjectPublicKeyInfo(Material, out _);
                        var format = signature.Length == (ec.KeySize + 7) / 8 * 2 ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence;
                        return ec.VerifyData(message, signature, HashAlgorithmName.SHA256, format);
                    }
                case "rsapss" or "rsapkcs1v15" when Type is "rsa" or "rsa-x509":
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportSubjectPublicKeyInfo(Material, out _);
                        return rsa.VerifyData(message, signature, HashAlgorithmName.SHA256, method == "rsapss" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
                    }
                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
