using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// Signs a manifest digest the way cosign does with a key (sigstore/cosign specs/SIGNATURE_SPEC.md): a simple-signing
/// payload naming the repository and the digest, an ECDSA P-256 / SHA-256 signature (ASN.1 DER, base64) in the layer's
/// <c>dev.cosignproject.cosign/signature</c> annotation, pushed as the manifest tagged <c>sha256-&lt;hex&gt;.sig</c>
/// beside the signed one. <c>cosign verify --key</c> and Drydock's own signature checks read it.
/// </summary>
internal static class CosignSigner
{
    private const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";
    private const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>Reads an unencrypted PEM EC private key (<c>EC PRIVATE KEY</c> or PKCS#8 <c>PRIVATE KEY</c>).</summary>
    public static ECDsa LoadKey(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new UsageException($"signing key '{path}': cannot read an unencrypted PEM EC private key ({e.Message})");
        }
    }

    public static async Task SignAsync(RegistryPusher pusher, ImageReference repository, Digest manifest, ECDsa key, string workDirectory, CancellationToken cancellationToken)
    {
        var payload = Payload(repository.Name, manifest);
        var signature = Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var payloadDigest = Digest.Sha256(payload);
        var config = Encoding.UTF8.GetBytes(
            $"{{\"architecture\":\"\",\"config\":{{}},\"created\":\"0001-01-01T00:00:00Z\",\"os\":\"\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{payloadDigest}\"]}}}}");
        var configDigest = Digest.Sha256(config);
        foreach (var (bytes, digest) in new[] { (payload, payloadDigest), (config, configDigest) })
        {
            var file = Path.Combine(workDirectory, digest.Hex);
            await File.WriteAllBytesAsync(file, bytes, cancellationToken);
            await pusher.PushBlobAsync(repository.Repository, digest, file, cancellationToken);
        }
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", MediaTypes.OciManifest);
            WriteDescriptor(w, "config", MediaTypes.OciConfig, configDigest, config.Length, null);
            w.WriteStartArray("layers");
            WriteDescriptor(w, null, SimpleSigningMediaType, payloadDigest, payload.Length, signature);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        await pusher.PushManifestAsync(repository.Repository, $"{manifest.Algorithm}-{manifest.Hex}.sig", MediaTypes.OciManifest, buffer.ToArray(), cancellationToken);
    }

    internal static byte[] Payload(string dockerReference, Digest manifest)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("critical");
            w.WriteStartObject("identity");
            w.WriteString("docker-reference", dockerReference);
            w.WriteEndObject();
            w.WriteStartObject("image");
            w.WriteString("docker-manifest-digest", manifest.ToString());
            w.WriteEndObject();
            w.WriteString("type", "cosign container image signature");
            w.WriteEndObject();
            w.WriteNull("optional");
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteDescriptor(Utf8JsonWriter w, string? name, string mediaType, Digest digest, long size, string? signature)
    {
        if (name is null) w.WriteStartObject();
        else w.WriteStartObject(name);
        w.WriteString("mediaType", mediaType);
        w.WriteString("digest", digest.ToString());
        w.WriteNumber("size", size);
        if (signature is not null)
        {
            w.WriteStartObject("annotations");
            w.WriteString(SignatureAnnotation, signature);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
