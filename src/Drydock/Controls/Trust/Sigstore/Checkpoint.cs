using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// A transparency-log checkpoint in the signed-note format (C2SP <c>signed-note</c> and <c>tlog-checkpoint</c>): the
/// body "origin\nsize\nbase64(root)\n[extensions…]\n", a blank line, then one "— name base64(keyhint‖signature)" line per
/// signer. Witness cosignatures and unknown keys are ignored; at least one line must be the log's own, named after the
/// log, with the log's key hint, and verify over the body.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash, byte[] Body, IReadOnlyList<(string Name, byte[] Hint, byte[] Signature)> Signatures)
{
    private const string SignaturePrefix = "\u2014 ";

    public static Checkpoint Parse(string envelope)
    {
        var split = envelope.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) throw new BundleRejectedException("checkpoint: no blank line between body and signatures");
        var bodyText = envelope[..(split + 1)];
        var lines = bodyText.Split('\n');
        if (lines.Length < 4 || lines[0].Length == 0) throw new BundleRejectedException("checkpoint: body needs an origin, a size and a root hash");
        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw new BundleRejectedException("checkpoint: the second line is not a tree size");
        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            throw new BundleRejectedException("checkpoint: the third line is not a base64 root hash");
        }
        if (root.Length != 32) throw new BundleRejectedException("checkpoint: the root hash is not 32 bytes");
        var signatures = new List<(string, byte[], byte[])>();
        foreach (var line in envelope[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal)) throw new BundleRejectedException("checkpoint: a signature line does not start with an em dash");
            var fields = line[SignaturePrefix.Length..].Split(' ');
            if (fields.Length != 2) throw new BundleRejectedException("checkpoint: a signature line is not 'name signature'");
            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(fields[1]);
            }
            catch (FormatException)
            {
                continue;
            }
            if (raw.Length > 4) signatures.Add((fields[0], raw[..4], raw[4..]));
        }
        if (signatures.Count == 0) throw new BundleRejectedException("checkpoint: no signature");
        return new Checkpoint(lines[0], size, root, Encoding.UTF8.GetBytes(bodyText), signatures);
    }

    /// <summary>True when some signature line is <paramref name="log"/>'s and verifies over the body.</summary>
    public bool SignedBy(TrustedLog log)
    {
        var name = LogName(log);
        return Signatures.Any(s => s.Name == name && s.Hint.AsSpan().SequenceEqual(KeyHint(log, s.Name)) && PublicKeys.TryVerify(log.PublicKey, Body, s.Signature));
    }

    /// <summary>The signer name a log uses: its base URL without the scheme (e.g. <c>rekor.sigstore.dev</c>).</summary>
    public static string LogName(TrustedLog log)
    {
        var url = log.BaseUrl;
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return (scheme >= 0 ? url[(scheme + 3)..] : url).TrimEnd('/');
    }

    // The note key hint: for Ed25519 the first 4 bytes of SHA-256(name || "\n" || 0x01 || key); for ECDSA logs (Rekor v1)
    // the first 4 bytes of the log id, which is SHA-256 of the DER public key.
    private static byte[] KeyHint(TrustedLog log, string name)
    {
        if (log.KeyDetails != "PKIX_ED25519") return log.LogId[..4];
        var raw = log.PublicKey[^32..];
        return SHA256.HashData([.. Encoding.UTF8.GetBytes(name + "\n"), 0x01, .. raw])[..4];
    }
}
