using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Controls.Trust.ContentTrust;

namespace Drydock.Tests.Controls.Trust.ContentTrust;

/// <summary>A signing key as notary keeps them: P-256 (<c>ecdsa</c>, or a self-signed certificate, <c>ecdsa-x509</c>, for root) or RSA with PSS.</summary>
internal sealed class TufTestKey : IDisposable
{
    private readonly ECDsa? _ec;
    private readonly RSA? _rsa;

    private TufTestKey(string type, string publicBase64, ECDsa? ec, RSA? rsa)
    {
        (Type, PublicBase64, _ec, _rsa) = (type, publicBase64, ec, rsa);
        var json = JsonDocument.Parse(Json().ToJsonString()).RootElement;
        Id = Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Encode(json)));
    }

    public string Type { get; }
    public string PublicBase64 { get; }
    public string Id { get; }

    public static TufTestKey Ecdsa()
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new TufTestKey("ecdsa", Convert.ToBase64String(ec.ExportSubjectPublicKeyInfo()), ec, null);
    }

    /// <summary>A root key: a P-256 key in a self-signed certificate, base64 of its PEM (notary's ecdsa-x509).</summary>
    public static TufTestKey EcdsaCertificate(string gun)
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow.AddDays(-1);
        using var cert = new CertificateRequest("CN=" + gun, ec, HashAlgorithmName.SHA256).CreateSelfSigned(now, now.AddYears(10));
        return new TufTestKey("ecdsa-x509", Convert.ToBase64String(Encoding.ASCII.GetBytes(cert.ExportCertificatePem())), ec, null);
    }

    public static TufTestKey RsaPss()
    {
        var rsa = RSA.Create(2048);
        return new TufTestKey("rsa", Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()), null, rsa);
    }

    /// <summary>The public key as a PEM file would pin it.</summary>
    public string PublicPem => _ec?.ExportSubjectPublicKeyInfoPem() ?? _rsa!.ExportSubjectPublicKeyInfoPem();

    public JsonObject Json() => new() { ["keytype"] = Type, ["keyval"] = new JsonObject { ["private"] = null, ["public"] = PublicBase64 } };

    public JsonObject Sign(byte[] message) => new()
    {
        ["keyid"] = Id,
        ["method"] = _ec is not null ? "ecdsa" : "rsapss",
        ["sig"] = Convert.ToBase64String(_ec is not null
            ? _ec.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : _rsa!.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)),
    };

    public void Dispose()
    {
        _ec?.Dispose();
        _rsa?.Dispose();
    }
}
