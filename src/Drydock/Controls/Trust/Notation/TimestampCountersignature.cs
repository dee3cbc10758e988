using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.Controls.Trust.Notation;

/// <summary>The time a TSA vouches for: genTime ± accuracy (RFC 3161 §2.4.2).</summary>
public sealed record TimestampRange(DateTimeOffset Time, TimeSpan Accuracy, string Authority)
{
    public DateTimeOffset Earliest => Time - Accuracy;

    public DateTimeOffset Latest => Time + Accuracy;
}

/// <summary>
/// Verifies a Notary Project timestamp countersignature: an RFC 3161 TimeStampToken (a CMS SignedData, RFC 5652, whose
/// content type is id-ct-TSTInfo) over the envelope's signature value. Checked in notation's order: the content type,
/// the TSTInfo, the message imprint (the hash named in the TSTInfo of the signature bytes), one signer whose certificate
/// is in the token, its CMS signature, its chain to a root of the TSA trust store at genTime, the timeStamping extended
/// key usage (RFC 3161 §2.3) and genTime within the TSA certificate's validity. Any failure is a
/// <see cref="TimestampRejectedException"/> whose message is notation's wording where it has one.
/// </summary>
public static class TimestampCountersignature
{
    private const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";
    private const string TimeStampingUsage = "1.3.6.1.5.5.7.3.8";

    public static TimestampRange Verify(byte[] token, byte[] signature, X509Certificate2Collection tsaRoots)
    {
        if (token.Length > NotationEnvelope.MaxTimestampBytes)
            throw new TimestampRejectedException($"the timestamp countersignature is {token.Length} bytes, more than the {NotationEnvelope.MaxTimestampBytes} accepted");
        var cms = new SignedCms();
        try
        {
            cms.Decode(token);
        }
        catch (CryptographicException e)
        {
            throw new TimestampRejectedException("failed to parse timestamp countersignature with error: " + OneLine(e));
        }
        var contentType = cms.ContentInfo.ContentType.Value;
        if (contentType != TstInfoContentType)
            throw new TimestampRejectedException($"failed to parse timestamp countersignature with error: unexpected content type: {contentType}. Expected to be id-ct-TSTInfo ({TstInfoContentType})");
        if (!Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out var info, out var consumed) || consumed != cms.ContentInfo.Content.Length)
            throw new TimestampRejectedException("failed to get the timestamp TSTInfo with error: cannot unmarshal TSTInfo from timestamp token");
        if (!ImprintMatches(info, signature))
            throw new TimestampRejectedException("failed to get timestamp from timestamp countersignature with error: invalid TSTInfo: mismatched message");
        var range = new TimestampRange(info.Timestamp, TimeSpan.FromTicks((info.AccuracyInMicroseconds ?? 0) * 10), "");
        if (tsaRoots.Count == 0) throw new TimestampRejectedException("no trusted TSA certificate found in trust store");
        var tsa = SignerCertificate(cms);
        if (info.Timestamp < tsa.NotBefore.ToUniversalTime() || info.Timestamp > tsa.NotAfter.ToUniversalTime())
            throw new TimestampRejectedException($"failed to verify the timestamp countersignature with error: genTime {info.Timestamp:yyyy-MM-ddTHH:mm:ssZ} is outside the TSA certificate \"{DistinguishedName.GoString(tsa.SubjectName)}\" validity ({tsa.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ} to {tsa.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ})");
        using var chain = TsaChain(tsa, cms.Certificates, tsaRoots, info.Timestamp);
        if (!tsa.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages[TimeStampingUsage] is not null))
            throw new TimestampRejectedException($"failed to validate the timestamping certificate chain with error: timestamp signing certificate with subject \"{DistinguishedName.GoString(tsa.SubjectName)}\" must have and only have Timestamping as extended key usage");
        return range with { Authority = DistinguishedName.GoString(tsa.SubjectName) };
    }

    private static bool ImprintMatches(Rfc3161TimestampTokenInfo info, byte[] signature)
    {
        var name = info.HashAlgorithmId.Value switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            var other => throw new TimestampRejectedException($"failed to get timestamp from timestamp countersignature with error: unsupported message imprint hash {other}"),
        };
        var expected = info.GetMessageHash().Span;
        return CryptographicOperations.FixedTimeEquals(CryptographicOperations.HashData(name, signature), expected);
    }

    // RFC 3161 §2.4.1: exactly one signer; its certificate must be in the token (notation requests certReq = true).
    private static X509Certificate2 SignerCertificate(SignedCms cms)
    {
        if (cms.SignerInfos.Count != 1)
            throw new TimestampRejectedException($"failed to verify the timestamp countersignature with error: the timestamp token has {cms.SignerInfos.Count} signers, expected 1");
        var signer = cms.SignerInfos[0];
        var certificate = signer.Certificate
            ?? throw new TimestampRejectedException("failed to verify the timestamp countersignature with error: failed to verify signed token: signing certificate not found in the timestamp token");
        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException e)
        {
            throw new TimestampRejectedException("failed to verify the timestamp countersignature with error: failed to verify signed token: cms verification failure: " + OneLine(e));
        }
        return certificate;
    }

    // The TSA certificate must chain, with the token's certificates as intermediates, to a root of the TSA store at genTime.
    private static X509Chain TsaChain(X509Certificate2 tsa, X509Certificate2Collection intermediates, X509Certificate2Collection roots, DateTimeOffset at)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (chain.Build(tsa)) return chain;
        var statuses = chain.ChainStatus.Select(s => s.Status).ToHashSet();
        chain.Dispose();
        var reason = statuses.Contains(X509ChainStatusFlags.UntrustedRoot) || statuses.Contains(X509ChainStatusFlags.PartialChain)
            ? "x509: certificate signed by unknown authority"
            : "x509: " + string.Join(", ", statuses.Order());
        throw new TimestampRejectedException("failed to verify the timestamp countersignature with error: failed to verify signed token: cms verification failure: " + reason);
    }

    private static string OneLine(Exception e) => e.Message.Split('\n')[0].Trim();
}

/// <summary>A timestamp countersignature that does not verify; the message is one line saying why.</summary>
public sealed class TimestampRejectedException(string message) : Exception(message);
