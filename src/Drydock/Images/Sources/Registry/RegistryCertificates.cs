using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// The TLS material Docker reads for one registry from <c>certs.d/&lt;host[:port]&gt;/</c> (docker docs "Verify repository
/// client with certificates"): every <c>*.crt</c> is a trusted CA, every <c>NAME.cert</c> + <c>NAME.key</c> a client certificate.
/// </summary>
internal sealed class RegistryCertificates
{
    public X509Certificate2Collection Authorities { get; } = [];

    public X509Certificate2Collection ClientCertificates { get; } = [];

    public static RegistryCertificates Load(string certsRoot, string authority)
    {
        var result = new RegistryCertificates();
        // Directory names use ':' for the port, as Docker does; an IPv6 literal keeps its brackets.
        var dir = Path.Combine(certsRoot, authority);
        if (!Directory.Exists(dir)) return result;
        try
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*.crt").Order(StringComparer.Ordinal))
                result.Authorities.ImportFromPemFile(file);
            foreach (var cert in Directory.EnumerateFiles(dir, "*.cert").Order(StringComparer.Ordinal))
            {
                var key = Path.ChangeExtension(cert, ".key");
                if (!File.Exists(key)) throw new DrydockException($"client certificate {cert} has no matching {Path.GetFileName(key)}");
                result.ClientCertificates.Add(X509Certificate2.CreateFromPemFile(cert, key));
            }
        }
        catch (CryptographicException e)
        {
            throw new DrydockException($"cannot read the certificates in {dir}: {e.Message}");
        }
        return result;
    }

    /// <summary>
    /// Whether a server certificate verifies as Docker verifies it: the system accepts it, or rejects it only for its chain
    /// and it chains to one of this host's certs.d CAs.
    /// </summary>
    public bool Verifies(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None || (errors == SslPolicyErrors.RemoteCertificateChainErrors && TrustsChain(certificate, chain));

    /// <summary>Accepts a server certificate the system rejects only for its chain, when it chains to one of our CAs.</summary>
    public bool TrustsChain(X509Certificate? certificate, X509Chain? presented) => ChainsTo(Authorities, certificate, presented);

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="authorities"/> (no revocation check).</summary>
    public static bool ChainsTo(X509Certificate2Collection authorities, X509Certificate? certificate, X509Chain? presented)
    {
        if (certificate is null || authorities.Count == 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
