using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Drydock.Images;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// Makes Notary Project signatures in the test, as the spec describes them (signature-envelope-jws.md): a CA and a leaf
/// made with .NET, a JWS (JSON serialization) whose protected header names the notary.x509 scheme, whose payload names
/// the image manifest as targetArtifact, signed PS256 by the leaf, with the chain in x5c.
/// </summary>
internal sealed class NotationSigner : IDisposable
{
    private readonly RSA _caKey = RSA.Create(3072);
    private readonly RSA _leafKey = RSA.Create(3072);

    public NotationSigner(string caName, string leafSubject)
    {
        var now = DateTimeOffset.UtcNow;
        var caRequest = new CertificateRequest($"CN={caName}, O=Example, C=US", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var leafRequest = new CertificateRequest(leafSubject, _leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], true));
        Leaf = leafRequest.Create(Ca, now.AddHours(-1), now.AddMonths(6), [1, 2, 3, 4]);
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Leaf { get; }

    /// <summary>Writes the CA certificate as the only PEM file of a trust store directory and returns the directory.</summary>
    public string WriteTrustStore(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "ca.pem"), Ca.ExportCertificatePem());
        return directory;
    }

    public byte[] SignJws(Descriptor target)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["alg"] = "PS256",
            ["crit"] = new[] { "io.cncf.notary.signingScheme" },
            ["cty"] = "application/vnd.cncf.notary.payload.v1+json",
            ["io.cncf.notary.signingScheme"] = "notary.x509",
            ["io.cncf.notary.signingTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["targetArtifact"] = new Dictionary<string, object> { ["mediaType"] = target.MediaType, ["digest"] = target.Digest, ["size"] = target.Size },
        });
        var signingInput = Base64Url(header) + "." + Base64Url(payload);
        var signature = _leafKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["payload"] = Base64Url(payload),
            ["protected"] = Base64Url(header),
            ["header"] = new Dictionary<string, object>
            {
                ["x5c"] = new[] { Convert.ToBase64String(Leaf.RawData), Convert.ToBase64String(Ca.RawData) },
                ["io.cncf.notary.signingAgent"] = "drydock-integration-tests",
            },
            ["signature"] = Base64Url(signature),
        });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        Ca.Dispose();
        Leaf.Dispose();
        _caKey.Dispose();
        _leafKey.Dispose();
    }
}
