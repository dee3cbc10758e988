using System.Security.Cryptography;
using Drydock.Images;
using Drydock.Policy;

namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// Runs Docker Content Trust for an image under each <c>contentTrust</c> rule that covers its repository and turns
/// each outcome into a <see cref="SignatureCheck"/>: valid, naming the rule, the signing role and keys and where the
/// metadata was read; or the one-line reason it is not.
/// </summary>
public static class ContentTrustCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <paramref name="served"/> lists the manifests the registry served for the reference (digest and byte length: the
    /// platform's manifest, and the index when the image was picked from one); the signed target must be one of them.
    /// </summary>
    public static async Task<IReadOnlyList<SignatureCheck>> VerifyAsync(IReadOnlyList<ContentTrustRule> rules, ImageReference reference,
        IReadOnlyList<(Digest Digest, long Length)> served, TimeProvider clock, string cacheRoot, CancellationToken cancellationToken)
    {
        var checks = new List<SignatureCheck>();
        foreach (var rule in rules)
        {
            var gun = reference.Name;
            var location = $"{rule.Server.GetLeftPart(UriPartial.Authority)} ({gun})";
            try
            {
                using var source = new NotaryServerSource(rule.Server, gun, rule.CaFile, Timeout);
                location = source.Location;
                var state = ContentTrustState.For(cacheRoot, rule.Server.GetLeftPart(UriPartial.Authority), gun);
                var result = await new ContentTrustVerifier(source, state, clock).VerifyAsync(AnchorOf(rule), gun, reference.Tag, served, cancellationToken);
                var keys = string.Join(", ", result.SignerKeyIds.Select(k => k.Length > 12 ? k[..12] : k));
                checks.Add(new SignatureCheck(SignatureKind.DockerContentTrust, result.Location, true, null, result.Digest.ToString(), null,
                    $"{result.Role} (key {keys}) for tag {result.Tag}, root version {result.RootVersion}{(result.TrustedOnFirstUse ? ", trusted on first use" : "")}",
                    rule.ToString()));
            }
            catch (ContentTrustException e)
            {
                checks.Add(new SignatureCheck(SignatureKind.DockerContentTrust, location, false, null, null, $"{e.Message} ({rule})") { Unsigned = e.Unsigned });
            }
        }
        return checks;
    }

    private static ContentTrustAnchor AnchorOf(ContentTrustRule rule)
    {
        if (rule.RootKeys.Count == 0) return new ContentTrustAnchor("tofu", [], rule.TrustOnFirstUse, rule.ToString());
        var keys = new List<byte[]>();
        foreach (var file in rule.RootKeys)
        {
            string pem;
            try
            {
                pem = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ContentTrustException($"cannot read root key {file}: {e.Message}");
            }
            try
            {
                keys.Add(TufKey.MaterialOfPem(pem));
            }
            catch (ContentTrustException e)
            {
                throw new ContentTrustException($"root key {file}: {e.Message}");
            }
        }
        var name = "pinned-" + Convert.ToHexStringLower(SHA256.HashData(keys.OrderBy(Convert.ToHexString, StringComparer.Ordinal).SelectMany(k => k).ToArray()))[..16];
        return new ContentTrustAnchor(name, keys, false, $"{rule} with root keys {string.Join(", ", rule.RootKeys.Select(Path.GetFileName))}");
    }
}
