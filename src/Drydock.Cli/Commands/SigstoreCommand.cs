using Drydock.Policy;
using System.CommandLine;
using Drydock.Controls.Trust.Sigstore;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock sigstore verify-bundle</c>: verifies one Sigstore bundle offline, in the shape the Sigstore conformance
/// suite drives its clients with. Exit 0 verified, 1 rejected (one line saying why), 2 usage.
/// </summary>
internal static class SigstoreCommand
{
    public const int Rejected = 1;

    public static Command Create() =>
        new("sigstore", "Sigstore bundles: offline verification (keyless Fulcio + Rekor, or a managed key).\n" + DrydockCli.ExitCodeHelp)
        {
            VerifyBundle(),
        };

    private static Command VerifyBundle()
    {
        var bundle = new Option<string>("--bundle") { Description = "The Sigstore bundle (JSON, v0.1 to v0.3).", Required = true };
        var identity = new Option<string?>("--certificate-identity") { Description = "The signer's certificate SAN, exact (an email or URI)." };
        var identityRegexp = new Option<string?>("--certificate-identity-regexp") { Description = "The signer's certificate SAN as a regular expression (anchor it: ^…$)." };
        var issuer = new Option<string?>("--certificate-oidc-issuer") { Description = "The OIDC issuer in the certificate (Fulcio extension 1.3.6.1.4.1.57264.1.8), exact." };
        var key = new Option<string?>("--key") { Description = "A PEM public key, for bundles signed with a managed key instead of a certificate." };
        var trustedRoot = new Option<string?>("--trusted-root")
        {
            Description = "The Sigstore trusted_root.json (tlogs, certificateAuthorities, ctlogs, timestampAuthorities). Required: Drydock does not fetch the public-good root over TUF.",
        };
        var artifact = new Argument<string>("ARTIFACT") { Description = "The signed file, or sha256:HEX of it." };
        var command = new Command(
            "verify-bundle",
            "Verify a Sigstore bundle for ARTIFACT offline against a trusted root: the Rekor entry (signed entry timestamp, " +
            "inclusion proof, checkpoint), the signing time (integrated time or RFC 3161 timestamp), the Fulcio chain at that " +
            "time, the SCT, the identity (--certificate-identity[-regexp] + --certificate-oidc-issuer) or --key, and the " +
            "signature over the artifact or DSSE envelope. Exit codes: 0 verified, 1 rejected (one line on stderr says why), " +
            "2 usage or unreadable input.")
        {
            bundle, identity, identityRegexp, issuer, key, trustedRoot, artifact,
        };
        command.SetAction(parse =>
        {
            var id = Identity(parse.GetValue(identity), parse.GetValue(identityRegexp), parse.GetValue(issuer), parse.GetValue(key));
            var root = parse.GetValue(trustedRoot) ?? throw new UsageException("verify-bundle needs --trusted-root FILE (the Sigstore trusted_root.json)");
            try
            {
                var verified = BundleCheck.Run(parse.GetValue(bundle)!, parse.GetValue(artifact)!, id, parse.GetValue(key), root);
                parse.InvocationConfiguration.Output.WriteLine(
                    $"verified: signed by {verified.Signer}{(verified.Issuer is null ? "" : " (" + verified.Issuer + ")")} at {verified.SignedAt:yyyy-MM-ddTHH:mm:ssZ}, log index {verified.LogIndex}");
                return ExitCodes.Success;
            }
            catch (BundleRejectedException e)
            {
                parse.InvocationConfiguration.Error.WriteLine("drydock: rejected: " + e.Message);
                return Rejected;
            }
        });
        return command;
    }

    private static CertificateIdentity? Identity(string? identity, string? pattern, string? issuer, string? key)
    {
        if (key is not null)
        {
            if (identity is not null || pattern is not null || issuer is not null)
                throw new UsageException("give either --key or --certificate-identity/--certificate-oidc-issuer, not both");
            return null;
        }
        if (issuer is null || (identity is null) == (pattern is null))
            throw new UsageException("verify-bundle needs --certificate-oidc-issuer and one of --certificate-identity or --certificate-identity-regexp (or --key)");
        if (pattern is not null)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--certificate-identity-regexp: {e.Message}");
            }
        }
        return new CertificateIdentity(issuer, identity, pattern);
    }
}
