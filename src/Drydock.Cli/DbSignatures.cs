using Drydock.Controls.Trust;
using Drydock.Vulnerabilities.Distribution;

namespace Drydock.Cli;

/// <summary>The database's signature check: cosign-format signatures (<c>sha256-&lt;hex&gt;.sig</c>) verified with one public key.</summary>
internal static class DbSignatures
{
    public static DbSignatureCheck RequireKey(string publicKey) => async (client, repository, manifest, cancellationToken) =>
    {
        var artifacts = await SignatureFetcher.FetchAsync(client, repository, manifest, cancellationToken);
        if (artifacts.Count == 0) return $"it is not signed, and {publicKey} is required";
        var verification = SignatureVerifier.Verify(manifest, [publicKey], artifacts);
        return verification.SignedByRequiredKey ? null
            : $"no signature verifies with {publicKey} ({string.Join("; ", verification.Checks.Select(c => c.Problem).Distinct())})";
    };
}
