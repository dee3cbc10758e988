using System.Text;
using Drydock.Images;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// ECDSA P-256 key pairs and signatures made with openssl, as cosign makes them: the signature is ASN.1 DER over
/// SHA-256 of the payload, base64 in the <c>dev.cosignproject.cosign/signature</c> layer annotation.
/// </summary>
internal sealed class SigningKeys
{
    private SigningKeys(string privateKey, string publicKey)
    {
        PrivateKey = privateKey;
        PublicKey = publicKey;
    }

    public string PrivateKey { get; }

    public string PublicKey { get; }

    public static async Task<SigningKeys> CreateAsync(string directory, string name)
    {
        var key = Path.Combine(directory, name + ".key.pem");
        var pub = Path.Combine(directory, name + ".pub.pem");
        await ExternalProcess.RunAsync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], TimeSpan.FromSeconds(30));
        await ExternalProcess.RunAsync("openssl", ["ec", "-in", key, "-pubout", "-out", pub], TimeSpan.FromSeconds(30));
        return new SigningKeys(key, pub);
    }

    /// <summary>The cosign "simple signing" payload (containers/image docs/containers-signature.5.md) for a digest.</summary>
    public static byte[] SimpleSigningPayload(string reference, Digest digest) => Encoding.UTF8.GetBytes(
        $$"""{"critical":{"identity":{"docker-reference":"{{reference}}"},"image":{"docker-manifest-digest":"{{digest}}"},"type":"cosign container image signature"},"optional":null}""");

    public async Task<string> SignAsync(byte[] payload)
    {
        var dir = Path.GetDirectoryName(PrivateKey)!;
        var input = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".payload");
        var output = input + ".sig";
        await File.WriteAllBytesAsync(input, payload);
        await ExternalProcess.RunAsync("openssl", ["dgst", "-sha256", "-sign", PrivateKey, "-out", output, input], TimeSpan.FromSeconds(30));
        return Convert.ToBase64String(await File.ReadAllBytesAsync(output));
    }
}
