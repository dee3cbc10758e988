using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Drydock.Controls.Trust.Notation;

/// <summary>
/// The Notary Project JWS envelope (JSON serialization, RFC 7515 §7.2.2, flattened): <c>protected</c> and
/// <c>payload</c> in base64url without padding (strict: a padded or non-url value is refused), <c>header.x5c</c> the
/// chain in standard base64 DER, <c>header["io.cncf.notary.timestampSignature"]</c> the RFC 3161 countersignature in standard
/// base64, signing input ASCII(protected "." payload).
/// </summary>
internal static class JwsEnvelope
{
    /// <summary>An envelope is a few KiB; a protected header past this is refused.</summary>
    private const int MaxHeaderBytes = 64 * 1024;

    public static NotationEnvelope Decode(byte[] bytes)
    {
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        var protectedText = root.GetProperty("protected").GetString() ?? "";
        var payloadText = root.GetProperty("payload").GetString() ?? "";
        var protectedBytes = Base64Url(protectedText);
        if (protectedBytes.Length > MaxHeaderBytes) throw new FormatException("the protected header is too large");
        using var header = JsonDocument.Parse(protectedBytes);
        var h = header.RootElement;
        var chain = root.GetProperty("header").GetProperty("x5c").EnumerateArray().Select(c => Convert.FromBase64String(c.GetString() ?? "")).ToList();
        var critical = h.TryGetProperty("crit", out var crit) ? crit.EnumerateArray().Select(c => c.GetString() ?? "").ToList() : [];
        return new NotationEnvelope(
            "jws",
            h.GetProperty("alg").GetString() ?? "",
            Encoding.ASCII.GetBytes(protectedText + "." + payloadText),
            Base64Url(root.GetProperty("signature").GetString() ?? ""),
            Base64Url(payloadText),
            chain,
            h.TryGetProperty("io.cncf.notary.signingScheme", out var scheme) ? scheme.GetString() : null,
            Time(h, "io.cncf.notary.signingTime") ?? Time(h, "io.cncf.notary.authenticSigningTime"),
            Time(h, "io.cncf.notary.expiry"),
            critical,
            NotationEnvelope.BoundedTimestamp(Timestamp(root.GetProperty("header"))));
    }

    // The unprotected header's timestamp is Go's []byte in JSON: standard base64. Its length is checked on the text first.
    private static byte[]? Timestamp(JsonElement header)
    {
        if (!header.TryGetProperty(NotationEnvelope.TimestampHeader, out var value)) return null;
        var text = value.GetString() ?? "";
        if (text.Length > (NotationEnvelope.MaxTimestampBytes + 2) / 3 * 4)
            throw new FormatException($"the timestamp countersignature is more than the {NotationEnvelope.MaxTimestampBytes} bytes accepted");
        return Convert.FromBase64String(text);
    }

    private static DateTimeOffset? Time(JsonElement header, string name) =>
        header.TryGetProperty(name, out var t) ? DateTimeOffset.Parse(t.GetString() ?? "", CultureInfo.InvariantCulture) : null;

    /// <summary>RFC 7515 §2 base64url without padding; '=', '+', '/' and whitespace are errors, as in Go's RawURLEncoding.</summary>
    internal static byte[] Base64Url(string text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')) throw new FormatException($"illegal base64url character '{c}'");
        }
        if (text.Length % 4 == 1) throw new FormatException("illegal base64url length");
        var standard = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard + new string('=', (4 - standard.Length % 4) % 4));
    }
}
