using Drydock.Policy;
using System.Globalization;
using System.Security.Cryptography;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// The inputs of <c>drydock sigstore verify-bundle</c> read from files: the bundle, the artifact (a file, or
/// <c>sha256:HEX</c>), a trusted root and a PEM public key. Unreadable or ill-formed inputs are usage errors (exit 2);
/// a bundle that fails a check is a <see cref="BundleRejectedException"/> (exit 1).
/// </summary>
public static class BundleCheck
{
    /// <summary>A bundle is a few KiB; a bigger file is refused unread.</summary>
    private const long MaxBundleBytes = 8 << 20;

    public static BundleVerification Run(string bundlePath, string artifact, CertificateIdentity? identity, string? keyPath, string trustedRootPath)
    {
        var root = TrustedRoot.Load(trustedRootPath);
        var key = keyPath is null ? null : LoadKey(keyPath);
        var digest = ArtifactDigest(artifact);
        var bundle = SigstoreBundle.Parse(ReadBounded(bundlePath, "bundle"));
        try
        {
            return BundleVerifier.Verify(bundle, digest, identity, key, root);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or KeyNotFoundException or InvalidOperationException
                                       or System.Formats.Asn1.AsnContentException or ArgumentException or CryptographicException)
        {
            throw new BundleRejectedException("malformed bundle content: " + e.Message.Split('\n')[0]);
        }
    }

    /// <summary><c>sha256:HEX</c> (64 hex digits) as given, else the SHA-256 of the named file's bytes.</summary>
    public static byte[] ArtifactDigest(string artifact)
    {
        if (artifact.StartsWith("sha256:", StringComparison.Ordinal))
        {
            var hex = artifact["sha256:".Length..];
            if (hex.Length != 64 || !hex.All(Uri.IsHexDigit)) throw new UsageException($"artifact '{artifact}': sha256: needs 64 hex digits");
            return Convert.FromHexString(hex);
        }
        try
        {
            using var stream = File.OpenRead(artifact);
            return SHA256.HashData(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"artifact '{artifact}': {e.Message}");
        }
    }

    private static byte[] LoadKey(string path)
    {
        try
        {
            var pem = File.ReadAllText(path);
            if (!pem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
                throw new UsageException($"key '{path}': not a PEM public key (-----BEGIN PUBLIC KEY-----)");
            // A PEM block whose content is not a key cannot verify anything: the bundle is rejected, not the usage.
            if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != "PUBLIC KEY")
                throw new BundleRejectedException($"the key in '{path}' is not a valid public key");
            var spki = Convert.FromBase64String(pem[fields.Base64Data]);
            if (!PublicKeys.IsSupported(spki)) throw new BundleRejectedException($"the key in '{path}' is not an ECDSA, RSA or Ed25519 public key");
            return spki;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new UsageException($"key '{path}': {e.Message}");
        }
    }

    private static byte[] ReadBounded(string path, string what)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxBundleBytes)
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{what} '{path}': larger than {MaxBundleBytes} bytes"));
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{what} '{path}': {e.Message}");
        }
    }
}
