using Drydock.Bases;
using Drydock.Policy;
using Drydock.Controls.Trust.Notation;
using Drydock.Controls.Trust.Sigstore;
using Drydock.Images;

namespace Drydock.Controls.Trust;

/// <summary>
/// Verifies the signatures that need a rule rather than a key: Notation envelopes under the policy's <c>notation</c> rules
/// and keyless Sigstore bundles (with a Fulcio certificate) under its <c>keyless</c> rules, for the rules that cover the
/// repository. A signature is valid when one rule accepts it; the check then names that rule and the signer.
/// </summary>
public static class RuleVerifier
{
    public static IReadOnlyList<NotationRule> NotationRulesFor(DrydockPolicy policy, ImageReference reference) =>
        policy.Notation.Where(r => r.Level != NotationLevel.Skip && Covers(r.RepositoryPattern, reference)).ToList();

    public static IReadOnlyList<KeylessRule> KeylessRulesFor(DrydockPolicy policy, ImageReference reference) =>
        policy.Keyless.Where(r => Covers(r.RepositoryPattern, reference)).ToList();

    public static IReadOnlyList<ContentTrustRule> ContentTrustRulesFor(DrydockPolicy policy, ImageReference reference) =>
        policy.ContentTrust.Where(r => Covers(r.RepositoryPattern, reference)).ToList();

    private static bool Covers(string pattern, ImageReference reference) =>
        Glob.IsMatch(TrustedBaseMatcher.NormalisePattern(pattern), reference.Name);

    /// <summary>True for the bundles this class verifies: those carrying a certificate (keyless) rather than a key hint.</summary>
    public static bool IsKeyless(SignatureArtifact artifact)
    {
        if (artifact.Kind != SignatureKind.SigstoreBundle) return false;
        try
        {
            return SigstoreBundle.Parse(artifact.Content).Certificate is not null;
        }
        catch (BundleRejectedException)
        {
            return false;
        }
    }

    public static SignatureCheck Notation(Digest manifestDigest, SignatureArtifact artifact, IReadOnlyList<NotationRule> rules, DateTimeOffset now)
    {
        if (rules.Count == 0) return new(artifact.Kind, artifact.Source, false, null, null, "no notation rule in the policy covers this repository");
        string? problem = null;
        foreach (var rule in rules)
        {
            var store = NotationTrustStore.Load(rule.TrustStore);
            try
            {
                var result = NotationVerifier.Verify(artifact.MediaType ?? "", artifact.Content, manifestDigest.ToString(), rule, store, now);
                if (result.Valid) return new(artifact.Kind, artifact.Source, true, null, manifestDigest.ToString(), null, result.Signer, rule.ToString());
                problem = $"{result.Problem} ({rule})";
            }
            finally
            {
                foreach (var c in store) c.Dispose();
            }
        }
        return new(artifact.Kind, artifact.Source, false, null, null, problem);
    }

    public static SignatureCheck Keyless(Digest manifestDigest, SignatureArtifact artifact, IReadOnlyList<KeylessRule> rules)
    {
        if (rules.Count == 0) return new(artifact.Kind, artifact.Source, false, null, null, "a keyless bundle, but no keyless rule in the policy covers this repository");
        string? problem = null;
        foreach (var rule in rules)
        {
            try
            {
                var bundle = SigstoreBundle.Parse(artifact.Content);
                var verified = BundleVerifier.Verify(bundle, Convert.FromHexString(manifestDigest.Hex), rule.Identity, null, TrustedRoot.Load(rule.TrustedRoot));
                return new(artifact.Kind, artifact.Source, true, null, manifestDigest.ToString(), null,
                    $"{verified.Signer} ({verified.Issuer}) at {verified.SignedAt:yyyy-MM-ddTHH:mm:ssZ}", rule.ToString());
            }
            catch (BundleRejectedException e)
            {
                problem = $"{e.Message} ({rule})";
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or KeyNotFoundException or InvalidOperationException
                                           or System.Formats.Asn1.AsnContentException or System.Security.Cryptography.CryptographicException)
            {
                problem = $"malformed bundle: {e.Message} ({rule})";
            }
        }
        return new(artifact.Kind, artifact.Source, false, null, null, problem);
    }
}
