using System.Globalization;
using System.Text.Json;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// A Sigstore bundle (protobuf-specs <c>sigstore_bundle.proto</c>, media types
/// <c>application/vnd.dev.sigstore.bundle+json;version=0.1|0.2|0.3</c> and <c>application/vnd.dev.sigstore.bundle.v0.3+json</c>):
/// the verification material (a Fulcio certificate, or a public-key hint), the transparency-log entries, the RFC 3161
/// timestamps, and the content: a message signature or a DSSE envelope. Parsing refuses unknown versions, an empty
/// certificate chain and negative log indexes.
/// </summary>
public sealed record SigstoreBundle(
    int MinorVersion,
    byte[]? Certificate,
    IReadOnlyList<byte[]> ChainRest,
    IReadOnlyList<TlogEntry> TlogEntries,
    IReadOnlyList<byte[]> Rfc3161Timestamps,
    MessageSignature? Message,
    DsseEnvelope? Envelope)
{
    public static SigstoreBundle Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            return Parse(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or OverflowException)
        {
            throw new BundleRejectedException("malformed bundle: " + e.Message.Split('\n')[0]);
        }
    }

    private static SigstoreBundle Parse(JsonElement root)
    {
        var version = Version(root.GetProperty("mediaType").GetString() ?? "");
        var material = root.GetProperty("verificationMaterial");
        byte[]? certificate = null;
        var rest = new List<byte[]>();
        if (material.TryGetProperty("x509CertificateChain", out var chain))
        {
            var certs = chain.GetProperty("certificates").EnumerateArray().Select(c => Base64(c, "rawBytes")).ToList();
            if (certs.Count == 0) throw new BundleRejectedException("the bundle's certificate chain is empty");
            certificate = certs[0];
            rest.AddRange(certs.Skip(1));
        }
        else if (material.TryGetProperty("certificate", out var cert))
        {
            certificate = Base64(cert, "rawBytes");
        }
        else if (!material.TryGetProperty("publicKey", out _))
        {
            throw new BundleRejectedException("the bundle has no certificate and no public key");
        }
        var entries = material.TryGetProperty("tlogEntries", out var tl) ? tl.EnumerateArray().Select(TlogEntry.Parse).ToList() : [];
        var stamps = material.TryGetProperty("timestampVerificationData", out var tv) && tv.TryGetProperty("rfc3161Timestamps", out var ts)
            ? ts.EnumerateArray().Select(t => Base64(t, "signedTimestamp")).ToList()
            : [];
        MessageSignature? message = null;
        DsseEnvelope? envelope = null;
        if (root.TryGetProperty("messageSignature", out var ms))
        {
            byte[]? digest = null;
            if (ms.TryGetProperty("messageDigest", out var md))
            {
                if (md.GetProperty("algorithm").GetString() != "SHA2_256") throw new BundleRejectedException("unsupported message digest algorithm");
                digest = Base64(md, "digest");
            }
            message = new MessageSignature(digest, Base64(ms, "signature"));
        }
        else if (root.TryGetProperty("dsseEnvelope", out var env))
        {
            var signatures = env.GetProperty("signatures").EnumerateArray().Select(s => Base64(s, "sig")).ToList();
            envelope = new DsseEnvelope(env.GetProperty("payloadType").GetString() ?? "", Base64(env, "payload"), signatures);
        }
        else
        {
            throw new BundleRejectedException("the bundle has neither a message signature nor a DSSE envelope");
        }
        return new SigstoreBundle(version, certificate, rest, entries, stamps, message, envelope);
    }

    private static int Version(string mediaType) => mediaType switch
    {
        "application/vnd.dev.sigstore.bundle+json;version=0.1" => 1,
        "application/vnd.dev.sigstore.bundle+json;version=0.2" => 2,
        "application/vnd.dev.sigstore.bundle+json;version=0.3" => 3,
        "application/vnd.dev.sigstore.bundle.v0.3+json" => 3,
        _ => throw new BundleRejectedException($"unsupported bundle media type '{mediaType}'"),
    };

    internal static byte[] Base64(JsonElement e, string name) => Convert.FromBase64String(e.GetProperty(name).GetString() ?? "");

    internal static long Int64(JsonElement e, string name)
    {
        var p = e.GetProperty(name);
        var value = p.ValueKind == JsonValueKind.String ? long.Parse(p.GetString() ?? "", NumberStyles.None, CultureInfo.InvariantCulture) : p.GetInt64();
        return value >= 0 ? value : throw new BundleRejectedException($"negative {name}");
    }
}

/// <summary>A signature over the artifact itself; <see cref="Digest"/> (SHA-256) is optional in the bundle.</summary>
public sealed record MessageSignature(byte[]? Digest, byte[] Signature);

/// <summary>A DSSE envelope (in-toto): payload type, payload and its signatures.</summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<byte[]> Signatures)
{
    /// <summary>DSSE v1 pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.</summary>
    public byte[] Pae()
    {
        var head = System.Text.Encoding.UTF8.GetBytes(
            $"DSSEv1 {System.Text.Encoding.UTF8.GetByteCount(PayloadType)} {PayloadType} {Payload.Length} ");
        return [.. head, .. Payload];
    }
}
