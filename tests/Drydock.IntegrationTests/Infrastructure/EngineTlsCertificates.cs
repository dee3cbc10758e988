using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// Mutual TLS material for <c>dockerd --tlsverify</c>, made with .NET's CertificateRequest: a test CA, a server
/// certificate (SAN 127.0.0.1 and localhost, serverAuth) for dockerd, and client folders in the Docker CLI's layout
/// (<c>ca.pem</c>, <c>cert.pem</c>, <c>key.pem</c>): <see cref="ClientDirectory"/> signed by the CA, and
/// <see cref="StrangerDirectory"/> whose certificate another CA signed (dockerd must refuse it).
/// </summary>
internal sealed class EngineTlsCertificates
{
    private EngineTlsCertificates(string directory) => Directory = directory;

    public string Directory { get; }
    public string CaCertificate => Path.Combine(Directory, "ca.pem");
    public string ServerCertificate => Path.Combine(Directory, "server-cert.pem");
    public string ServerKey => Path.Combine(Directory, "server-key.pem");
    public string ClientDirectory => Path.Combine(Directory, "client");
    public string StrangerDirectory => Path.Combine(Directory, "stranger");

    public static EngineTlsCertificates Create(string directory)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = RSA.Create(2048);
        using var ca = SelfSignedCa("CN=Drydock Test Engine CA", caKey, now);
        using var otherKey = RSA.Create(2048);
        using var other = SelfSignedCa("CN=Some Other CA", otherKey, now);

        var result = new EngineTlsCertificates(directory);
        System.IO.Directory.CreateDirectory(result.ClientDirectory);
        System.IO.Directory.CreateDirectory(result.StrangerDirectory);
        File.WriteAllText(result.CaCertificate, ca.ExportCertificatePem() + "\n");

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        var (serverCert, serverKey) = Leaf("CN=127.0.0.1", ca, now, "1.3.6.1.5.5.7.3.1", san.Build());
        File.WriteAllText(result.ServerCertificate, serverCert);
        File.WriteAllText(result.ServerKey, serverKey);

        foreach (var (dir, issuer) in new[] { (result.ClientDirectory, ca), (result.StrangerDirectory, other) })
        {
            var (cert, key) = Leaf("CN=drydock-client", issuer, now, "1.3.6.1.5.5.7.3.2", null);
            File.WriteAllText(Path.Combine(dir, "ca.pem"), ca.ExportCertificatePem() + "\n");
            File.WriteAllText(Path.Combine(dir, "cert.pem"), cert);
            File.WriteAllText(Path.Combine(dir, "key.pem"), key);
        }
        return result;
    }

    private static X509Certificate2 SelfSignedCa(string subject, RSA key, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now, now.AddYears(1));
    }

    private static (string Certificate, string Key) Leaf(string subject, X509Certificate2 issuer, DateTimeOffset now, string usage, X509Extension? san)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (san is not null) request.CertificateExtensions.Add(san);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        using var cert = request.Create(issuer, now, now.AddMonths(6), RandomNumberGenerator.GetBytes(12));
        return (cert.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n");
    }
}
