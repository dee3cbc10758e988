using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// PEM files for the TLS and token registries, made with .NET's CertificateRequest: a test CA, a server certificate it
/// signs (SAN localhost + 127.0.0.1), and a self-signed RS256 token-signing certificate the registry trusts via
/// <c>rootcertbundle</c>. Written to <see cref="Directory"/>.
/// </summary>
internal sealed class TestCertificates
{
    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }
    public string CaCertificate => Path.Combine(Directory, "ca.crt");
    public string ServerCertificate => Path.Combine(Directory, "server.crt");
    public string ServerKey => Path.Combine(Directory, "server.key");
    public string TokenCertificate => Path.Combine(Directory, "token.crt");
    public string TokenKey => Path.Combine(Directory, "token.key");

    public static TestCertificates Create(string directory)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Drydock Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now, now.AddYears(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, now, now.AddMonths(6), RandomNumberGenerator.GetBytes(12));

        using var tokenKey = RSA.Create(2048);
        var tokenRequest = new CertificateRequest("CN=Drydock Test Token Signer", tokenKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        tokenRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        tokenRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        using var token = tokenRequest.CreateSelfSigned(now, now.AddYears(1));

        System.IO.Directory.CreateDirectory(directory);
        var result = new TestCertificates(directory);
        File.WriteAllText(result.CaCertificate, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(result.ServerCertificate, server.ExportCertificatePem() + "\n");
        File.WriteAllText(result.ServerKey, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(result.TokenCertificate, token.ExportCertificatePem() + "\n");
        File.WriteAllText(result.TokenKey, tokenKey.ExportPkcs8PrivateKeyPem() + "\n");
        return result;
    }
}
