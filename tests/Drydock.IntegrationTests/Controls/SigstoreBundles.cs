using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// Key-based Sigstore bundles (message signature, public-key hint, no Fulcio/Rekor) made by sigstore-js, the reference
/// JavaScript client, installed from npm into the test root on first use. Null reason when npm and node are present.
/// </summary>
internal static class SigstoreBundles
{
    public static string? MissingReason => TestRoot.MissingTools("node", "npm") is { } r ? r + " (Sigstore bundle tests need sigstore-js from npm)" : null;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    // Signs the artifact bytes with @sigstore/sign's MessageSignatureBundleBuilder; the bundle's messageDigest is the
    // SHA-256 of the artifact, so for a manifest it is the image digest.
    private const string Script = """
        const fs = require('fs'), crypto = require('crypto');
        const { MessageSignatureBundleBuilder } = require('@sigstore/sign');
        const { bundleToJSON } = require('@sigstore/bundle');
        const [artifact, priv, pub, out] = process.argv.slice(2);
        const data = fs.readFileSync(artifact), privPem = fs.readFileSync(priv, 'utf8'), pubPem = fs.readFileSync(pub, 'utf8');
        const hint = crypto.createHash('sha256').update(crypto.createPublicKey(pubPem).export({ type: 'spki', format: 'der' })).digest('hex');
        const signer = { sign: async (d) => ({ signature: crypto.sign('sha256', d, privPem), key: { $case: 'publicKey', publicKey: pubPem, hint } }) };
        new MessageSignatureBundleBuilder({ signer, witnesses: [] }).create({ data })
          .then(b => fs.writeFileSync(out, JSON.stringify(bundleToJSON(b))))
          .catch(e => { console.error(e); process.exit(1); });
        """;

    /// <summary>Signs <paramref name="artifact"/> with the key pair and returns the bundle JSON bytes.</summary>
    public static async Task<byte[]> SignAsync(byte[] artifact, SigningKeys keys)
    {
        var dir = await InstallAsync();
        var input = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".artifact");
        var output = input + ".sigstore.json";
        await File.WriteAllBytesAsync(input, artifact);
        await ExternalProcess.RunAsync("node", [Path.Combine(dir, "keybundle.js"), input, keys.PrivateKey, keys.PublicKey, output], TimeSpan.FromMinutes(1));
        return await File.ReadAllBytesAsync(output);
    }

    private static async Task<string> InstallAsync()
    {
        var dir = TestRoot.Sub("sigstore-js");
        await Gate.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(dir, "node_modules", "@sigstore", "sign")))
                await ExternalProcess.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--prefix", dir, "@sigstore/sign@3", "@sigstore/bundle@3"], TimeSpan.FromMinutes(5));
            await File.WriteAllTextAsync(Path.Combine(dir, "keybundle.js"), Script);
            return dir;
        }
        finally
        {
            Gate.Release();
        }
    }
}
