using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Drydock.Controls.Trust.Notation;

/// <summary>
/// A trust store: a directory of CA certificates (PEM, several per file allowed, or DER), as notation keeps under
/// <c>truststore/x509/ca/NAME/</c>. Regular files only; each certificate must be a CA or self-signed (a leaf that is not
/// self-signed cannot anchor anything and is a configuration error, as in notation). Bounded: 256 files of 1 MiB.
/// </summary>
public static class NotationTrustStore
{
    private const int MaxFiles = 256;
    private const long MaxFileBytes = 1 << 20;

    public static X509Certificate2Collection Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new UsageException($"trust store '{directory}' does not exist");
        var store = new X509Certificate2Collection();
        foreach (var (file, certificate) in Certificates(directory))
        {
            if (!IsCa(certificate) && !IsSelfSigned(certificate))
                throw new UsageException($"trust store '{directory}': {file}: certificate \"{certificate.Subject}\" is not a CA certificate or self-signed signing certificate");
            store.Add(certificate);
        }
        if (store.Count == 0) throw new UsageException($"trust store '{directory}' holds no certificate");
        return store;
    }

    /// <summary>
    /// A TSA trust store (notation's <c>tsa:</c> type): root CA certificates only (a CA, self-issued), as notation requires.
    /// An empty store loads (the timestamp check then says no TSA certificate is trusted); a missing one is an error.
    /// </summary>
    public static X509Certificate2Collection LoadTsa(string directory)
    {
        if (!Directory.Exists(directory))
            throw new UsageException($"the trust store \"{Path.GetFileName(Path.TrimEndingDirectorySeparator(directory))}\" of type \"tsa\" does not exist ({directory})");
        var store = new X509Certificate2Collection();
        foreach (var (file, certificate) in Certificates(directory))
        {
            if (!IsCa(certificate) || !IsSelfSigned(certificate))
                throw new UsageException($"trusted certificate {file} in trust store '{directory}' of type tsa is invalid: certificate with subject \"{certificate.Subject}\" is not a root CA certificate");
            store.Add(certificate);
        }
        return store;
    }

    private static IEnumerable<(string File, X509Certificate2 Certificate)> Certificates(string directory)
    {
        var files = new DirectoryInfo(directory).EnumerateFiles().Where(f => f.LinkTarget is null).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (files.Count > MaxFiles) throw new UsageException($"trust store '{directory}': more than {MaxFiles} files");
        foreach (var file in files)
        {
            if (file.Length > MaxFileBytes) throw new UsageException($"trust store '{directory}': {file.Name} is larger than {MaxFileBytes} bytes");
            foreach (var certificate in Read(file)) yield return (file.Name, certificate);
        }
    }

    private static X509Certificate2Collection Read(FileInfo file)
    {
        try
        {
            var bytes = File.ReadAllBytes(file.FullName);
            var collection = new X509Certificate2Collection();
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) collection.ImportFromPem(text);
            else collection.Add(X509CertificateLoader.LoadCertificate(bytes));
            return collection.Count > 0 ? collection : throw new CryptographicException("no certificate");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"trust store: failed to read the trusted certificate {file.Name} ({e.Message})");
        }
    }

    private static bool IsCa(X509Certificate2 c) =>
        c.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);

    private static bool IsSelfSigned(X509Certificate2 c) => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData);
}
