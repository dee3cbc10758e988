using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// The Sigstore TrustedRoot (<c>application/vnd.dev.sigstore.trustedroot+json;version=0.1</c>, protobuf-specs
/// <c>sigstore_trustroot.proto</c>): the transparency logs, certificate authorities (Fulcio), CT logs and timestamp
/// authorities a client trusts, each with the interval it is trusted for. A key without a <c>validFor.start</c> is
/// malformed and refused (the interval is required to bound it).
/// </summary>
public sealed record TrustedRoot(
    IReadOnlyList<TrustedLog> TransparencyLogs,
    IReadOnlyList<TrustedAuthority> CertificateAuthorities,
    IReadOnlyList<TrustedLog> CtLogs,
    IReadOnlyList<TrustedAuthority> TimestampAuthorities)
{
    /// <summary>A trusted root file is a few dozen KiB; a bigger one is refused rather than read.</summary>
    private const long MaxBytes = 4 << 20;

    public static TrustedRoot Load(string path)
    {
        try
        {
            if (new FileInfo(path).Length > MaxBytes) throw new UsageException($"trusted root '{path}': larger than {MaxBytes} bytes");
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"trusted root '{path}': {e.Message}");
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            throw new UsageException($"trusted root '{path}': not a Sigstore trusted root ({e.Message})");
        }
    }

    public static TrustedRoot Parse(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new TrustedRoot(Logs(root, "tlogs"), Authorities(root, "certificateAuthorities"), Logs(root, "ctlogs"), Authorities(root, "timestampAuthorities"));
    }

    private static List<TrustedLog> Logs(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var list) ? [] : list.EnumerateArray().Select(l =>
        {
            var key = l.GetProperty("publicKey");
            var validFor = key.TryGetProperty("validFor", out var v) ? v : default;
            return new TrustedLog(
                Convert.FromBase64String(l.GetProperty("logId").GetProperty("keyId").GetString() ?? ""),
                Convert.FromBase64String(key.GetProperty("rawBytes").GetString() ?? ""),
                key.GetProperty("keyDetails").GetString() ?? "",
                l.TryGetProperty("baseUrl", out var url) ? url.GetString() ?? "" : "",
                Time(validFor, "start"), Time(validFor, "end"));
        }).ToList();

    private static List<TrustedAuthority> Authorities(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var list) ? [] : list.EnumerateArray().Select(a =>
        {
            var validFor = a.TryGetProperty("validFor", out var v) ? v : default;
            var chain = a.GetProperty("certChain").GetProperty("certificates").EnumerateArray()
                .Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.GetProperty("rawBytes").GetString() ?? "")))
                .ToList();
            return new TrustedAuthority(a.TryGetProperty("uri", out var uri) ? uri.GetString() ?? "" : "", chain, Time(validFor, "start"), Time(validFor, "end"));
        }).ToList();

    private static DateTimeOffset? Time(JsonElement validFor, string name) =>
        validFor.ValueKind == JsonValueKind.Object && validFor.TryGetProperty(name, out var t)
            ? DateTimeOffset.Parse(t.GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
}

/// <summary>A transparency or CT log: its id (SHA-256 of the DER public key), key, and trusted interval (closed).</summary>
public sealed record TrustedLog(byte[] LogId, byte[] PublicKey, string KeyDetails, string BaseUrl, DateTimeOffset? Start, DateTimeOffset? End)
{
    /// <summary>True when <paramref name="time"/> lies in the closed interval; a missing start never does.</summary>
    public bool ValidAt(DateTimeOffset time) => Start is { } s && s <= time && (End is not { } e || time <= e);
}

/// <summary>A certificate authority (Fulcio) or timestamp authority: its chain (leaf-most first, root last) and interval.</summary>
public sealed record TrustedAuthority(string Uri, IReadOnlyList<X509Certificate2> Chain, DateTimeOffset? Start, DateTimeOffset? End)
{
    public bool ValidAt(DateTimeOffset time) => Start is { } s && s <= time && (End is not { } e || time <= e);
}
