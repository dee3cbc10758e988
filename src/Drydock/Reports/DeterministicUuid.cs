using System.Security.Cryptography;
using System.Text;

namespace Drydock.Reports;

/// <summary>
/// Name-based UUIDs (RFC 9562 §5.5, version 5: SHA-1 of namespace + name), so that a report's serial number and
/// document namespace are the same every time the same image is reported at the same time, and differ otherwise.
/// </summary>
internal static class DeterministicUuid
{
    /// <summary>The RFC 9562 URL namespace (6ba7b811-9dad-11d1-80b4-00c04fd430c8).</summary>
    private static readonly byte[] UrlNamespace = Convert.FromHexString("6ba7b8119dad11d180b400c04fd430c8");

    public static Guid Create(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[UrlNamespace.Length + bytes.Length];
        UrlNamespace.CopyTo(input, 0);
        bytes.CopyTo(input, UrlNamespace.Length);
#pragma warning disable CA5350 // SHA-1 is what UUIDv5 is defined with; this is naming, not security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>
    /// The name a report's UUID is made from: the image's identity (manifest digest, else config id) and the report's
    /// time, e.g. <c>drydock:sha256:…@2026-01-02T03:04:05Z:cyclonedx</c>.
    /// </summary>
    public static Guid ForReport(Scanning.ScanReport report, string format) =>
        Create($"{ToolInfo.Name}:{report.Image.ManifestDigest ?? report.Image.Id}@{ReportText.Time(report.GeneratedAt)}:{format}");
}
