using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Drydock.Policy;

namespace Drydock.Controls.Trust.Notation;

/// <summary>
/// notation's <c>authenticTimestamp</c> validation for the <c>notary.x509</c> scheme: when the rule names a TSA trust store
/// (and, under <c>afterCertExpiry</c>, a certificate of the signing chain has expired) the envelope must carry a timestamp
/// countersignature that verifies (<see cref="TimestampCountersignature"/>) and whose time range lies inside every signing
/// certificate's validity; otherwise every certificate must be valid now. Returns the failure in notation's words, or null.
/// </summary>
internal static class AuthenticTimestamp
{
    public static string? Check(NotationEnvelope envelope, IEnumerable<X509Certificate2> chain, NotationRule rule, DateTimeOffset now)
    {
        var timestamped = rule.TsaTrustStore is not null
            && (rule.VerifyTimestamp == TimestampVerification.Always || chain.Any(c => now > c.NotAfter.ToUniversalTime()));
        if (!timestamped)
        {
            foreach (var c in chain)
            {
                if (now < c.NotBefore.ToUniversalTime())
                    return $"verification time is before certificate \"{DistinguishedName.GoString(c.SubjectName)}\" validity period, it will be valid from \"{Rfc1123Z(c.NotBefore)}\"";
                if (now > c.NotAfter.ToUniversalTime())
                    return $"verification time is after certificate \"{DistinguishedName.GoString(c.SubjectName)}\" validity period, it was expired at \"{Rfc1123Z(c.NotAfter)}\"";
            }
            return null;
        }
        if (envelope.TimestampToken is not { Length: > 0 } token) return "no timestamp countersignature was found in the signature envelope";
        TimestampRange range;
        X509Certificate2Collection? roots = null;
        try
        {
            roots = LoadTsaStore(rule.TsaTrustStore!);
            range = TimestampCountersignature.Verify(token, envelope.Signature, roots);
        }
        catch (TimestampRejectedException e)
        {
            return e.Message;
        }
        finally
        {
            foreach (var c in roots ?? []) c.Dispose();
        }
        foreach (var c in chain)
        {
            if (range.Earliest < c.NotBefore.ToUniversalTime())
                return $"timestamp can be before certificate \"{DistinguishedName.GoString(c.SubjectName)}\" validity period, it will be valid from \"{Rfc1123Z(c.NotBefore)}\"";
            if (range.Latest > c.NotAfter.ToUniversalTime())
                return $"timestamp can be after certificate \"{DistinguishedName.GoString(c.SubjectName)}\" validity period, it was expired at \"{Rfc1123Z(c.NotAfter)}\"";
        }
        return null;
    }

    // notation loads the TSA store only when a timestamp is to be verified; a store that cannot be read fails this step.
    private static X509Certificate2Collection LoadTsaStore(string directory)
    {
        try
        {
            return NotationTrustStore.LoadTsa(directory);
        }
        catch (UsageException e)
        {
            throw new TimestampRejectedException("failed to load tsa trust store with error: " + e.Message);
        }
    }

    // Go's time.RFC1123Z, in UTC as notation's certificates carry it.
    private static string Rfc1123Z(DateTime time) =>
        time.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
