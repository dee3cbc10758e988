using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// Verifies the signed certificate timestamps embedded in a Fulcio certificate (RFC 6962 §3.2–3.3, extension
/// 1.3.6.1.4.1.11129.2.4.2) against the trusted root's CT logs: the log signed the precertificate, i.e. the
/// TBSCertificate without the SCT extension, with the issuer's key hash. One SCT from a trusted log must verify.
/// </summary>
public static class SctVerifier
{
    private const string SctListOid = "1.3.6.1.4.1.11129.2.4.2";

    public static void Verify(X509Certificate2 leaf, byte[] issuerSpki, TrustedRoot root)
    {
        var extension = leaf.Extensions.FirstOrDefault(e => e.Oid?.Value == SctListOid)
            ?? throw new BundleRejectedException("the certificate carries no signed certificate timestamp");
        var list = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadOctetString();
        var tbs = PrecertificateTbs(leaf.RawData);
        var issuerKeyHash = SHA256.HashData(issuerSpki);
        foreach (var sct in Scts(list))
        {
            if (sct.Length < 47 || sct[0] != 0) continue;
            var logId = sct[1..33];
            var timestamp = BinaryPrimitives.ReadUInt64BigEndian(sct.AsSpan(33, 8));
            var extLength = BinaryPrimitives.ReadUInt16BigEndian(sct.AsSpan(41, 2));
            if (43 + extLength + 4 > sct.Length) continue;
            var extensions = sct.AsSpan(43, extLength);
            var sigLength = BinaryPrimitives.ReadUInt16BigEndian(sct.AsSpan(43 + extLength + 2, 2));
            if (43 + extLength + 4 + sigLength != sct.Length) continue;
            var signature = sct.AsSpan(43 + extLength + 4, sigLength).ToArray();
            var time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(timestamp, long.MaxValue / 2));
            foreach (var log in root.CtLogs.Where(l => l.LogId.AsSpan().SequenceEqual(logId) && l.ValidAt(time)))
            {
                var signed = SignedData(timestamp, issuerKeyHash, tbs, extensions);
                if (PublicKeys.TryVerify(log.PublicKey, signed, signature)) return;
            }
        }
        throw new BundleRejectedException("no signed certificate timestamp verifies with a trusted CT log");
    }

    // SignedCertificateTimestampList: uint16 total length, then uint16-prefixed serialized SCTs.
    private static IEnumerable<byte[]> Scts(byte[] list)
    {
        if (list.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(list) != list.Length - 2) yield break;
        var offset = 2;
        while (offset + 2 <= list.Length)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(list.AsSpan(offset));
            offset += 2;
            if (offset + length > list.Length) yield break;
            yield return list.AsSpan(offset, length).ToArray();
            offset += length;
        }
    }

    // digitally-signed struct { version v1(0); signature_type certificate_timestamp(0); uint64 timestamp;
    // entry_type precert_entry(1); opaque issuer_key_hash[32]; opaque tbs_certificate<1..2^24-1>; CtExtensions extensions; }
    private static byte[] SignedData(ulong timestamp, byte[] issuerKeyHash, byte[] tbs, ReadOnlySpan<byte> extensions)
    {
        using var s = new MemoryStream();
        s.WriteByte(0);
        s.WriteByte(0);
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, timestamp);
        s.Write(buffer);
        s.WriteByte(0);
        s.WriteByte(1);
        s.Write(issuerKeyHash);
        s.WriteByte((byte)(tbs.Length >> 16));
        s.WriteByte((byte)(tbs.Length >> 8));
        s.WriteByte((byte)tbs.Length);
        s.Write(tbs);
        s.WriteByte((byte)(extensions.Length >> 8));
        s.WriteByte((byte)extensions.Length);
        s.Write(extensions);
        return s.ToArray();
    }

    /// <summary>The certificate's TBSCertificate re-encoded without the SCT list extension (RFC 6962 §3.2).</summary>
    internal static byte[] PrecertificateTbs(byte[] certificate)
    {
        var tbs = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            while (tbs.HasData)
            {
                var tag = tbs.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific || tag.TagValue != 3)
                {
                    writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                    continue;
                }
                var extensions = tbs.ReadSequence(tag).ReadSequence();
                using (writer.PushSequence(tag))
                using (writer.PushSequence())
                {
                    while (extensions.HasData)
                    {
                        var raw = extensions.ReadEncodedValue();
                        var oid = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
                        if (oid != SctListOid) writer.WriteEncodedValue(raw.Span);
                    }
                }
            }
        }
        return writer.Encode();
    }
}
