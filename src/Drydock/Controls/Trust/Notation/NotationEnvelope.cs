using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Drydock.Controls.Trust.Notation;

/// <summary>
/// A Notary Project signature envelope, decoded from JWS (<c>application/jose+json</c>) or COSE_Sign1
/// (<c>application/cose</c>): the signed bytes, the signature, the payload (whose <c>targetArtifact</c> names the signed
/// manifest), the certificate chain (leaf first), the signing scheme, times, critical headers and the RFC 3161 timestamp
/// countersignature of the unprotected header <c>io.cncf.notary.timestampSignature</c> (null when absent).
/// </summary>
public sealed record NotationEnvelope(
    string Format,
    string Algorithm,
    byte[] SignedBytes,
    byte[] Signature,
    byte[] Payload,
    IReadOnlyList<byte[]> CertificateChain,
    string? SigningScheme,
    DateTimeOffset? SigningTime,
    DateTimeOffset? Expiry,
    IReadOnlyList<string> Critical,
    byte[]? TimestampToken = null)
{
    public const string JwsMediaType = "application/jose+json";
    public const string CoseMediaType = "application/cose";

    /// <summary>The unprotected header (JWS member, COSE text label) that carries the RFC 3161 TimeStampToken.</summary>
    public const string TimestampHeader = "io.cncf.notary.timestampSignature";

    /// <summary>A TimeStampToken is a few KiB (token + TSA chain); a countersignature past this is refused.</summary>
    public const int MaxTimestampBytes = 64 * 1024;

    /// <summary>The countersignature, refused past <see cref="MaxTimestampBytes"/> before anything else reads it.</summary>
    internal static byte[]? BoundedTimestamp(byte[]? token) =>
        token is null || token.Length <= MaxTimestampBytes ? token
        : throw new FormatException($"the timestamp countersignature is {token.Length} bytes, more than the {MaxTimestampBytes} accepted");

    /// <summary>The headers a verifier without plugins understands; any other critical header means "do not accept".</summary>
    private static readonly HashSet<string> KnownCritical =
        ["io.cncf.notary.signingScheme", "io.cncf.notary.expiry", "io.cncf.notary.authenticSigningTime"];

    /// <summary>Decodes by media type; a malformed envelope is a <see cref="FormatException"/> with the reason.</summary>
    public static NotationEnvelope Decode(string mediaType, byte[] bytes)
    {
        try
        {
            return mediaType switch
            {
                JwsMediaType => JwsEnvelope.Decode(bytes),
                CoseMediaType => CoseEnvelope.Decode(bytes),
                _ => throw new FormatException($"signature envelope format with media type \"{mediaType}\" is not supported"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException("malformed signature envelope: " + e.Message.Split('\n')[0], e);
        }
    }

    /// <summary>A critical header this verifier does not implement (a verification plugin, an extension), or null.</summary>
    public string? UnsupportedCritical => Critical.FirstOrDefault(c => !KnownCritical.Contains(c));

    /// <summary>True when the signature verifies over the signed bytes with the leaf certificate's key and the envelope's algorithm.</summary>
    public bool SignatureValid(X509Certificate2 leaf)
    {
        var hash = Algorithm[2..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            "512" => HashAlgorithmName.SHA512,
            _ => throw new FormatException($"unsupported signature algorithm {Algorithm}"),
        };
        try
        {
            if (Algorithm.StartsWith("PS", StringComparison.Ordinal))
            {
                using var rsa = leaf.GetRSAPublicKey() ?? throw new FormatException($"{Algorithm} needs an RSA certificate");
                return rsa.VerifyData(SignedBytes, Signature, hash, RSASignaturePadding.Pss);
            }
            if (Algorithm.StartsWith("ES", StringComparison.Ordinal))
            {
                using var ec = leaf.GetECDsaPublicKey() ?? throw new FormatException($"{Algorithm} needs an ECDSA certificate");
                return ec.VerifyData(SignedBytes, Signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
        throw new FormatException($"unsupported signature algorithm {Algorithm}");
    }

    /// <summary>The payload's <c>targetArtifact.digest</c>: the manifest the signature is about.</summary>
    public string TargetDigest()
    {
        using var doc = JsonDocument.Parse(Payload);
        return doc.RootElement.GetProperty("targetArtifact").GetProperty("digest").GetString()
            ?? throw new FormatException("the payload's targetArtifact has no digest");
    }
}
