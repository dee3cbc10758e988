using YamlDotNet.RepresentationModel;

namespace Drydock.Policy;

/// <summary>The <c>notation</c> and <c>keyless</c> entries of drydock.yaml (docs/policy.md "Notation and keyless signatures").</summary>
public static partial class PolicyLoader
{
    private static NotationRule NotationOf(string source, YamlNode node, string baseDir)
    {
        string? pattern = null, store = null, tsaStore = null;
        IReadOnlyList<TrustedIdentity> identities = [];
        var level = NotationLevel.Strict;
        var verifyTimestamp = TimestampVerification.Always;
        foreach (var (k, v) in Mapping(source, node).Children)
        {
            switch (Scalar(source, k))
            {
                case "repositories": pattern = Pattern(source, v); break;
                case "trustStore": store = Path.GetFullPath(Scalar(source, v), baseDir); break;
                case "tsaTrustStore": tsaStore = Path.GetFullPath(Scalar(source, v), baseDir); break;
                case "verifyTimestamp":
                    verifyTimestamp = Scalar(source, v) switch
                    {
                        "always" => TimestampVerification.Always,
                        "afterCertExpiry" => TimestampVerification.AfterCertExpiry,
                        var other => throw Error(source, v, $"unknown verifyTimestamp '{other}' (expected always, afterCertExpiry)"),
                    };
                    break;
                case "trustedIdentities":
                    try
                    {
                        identities = Strings(source, v).Select(TrustedIdentity.Parse).ToList();
                    }
                    catch (UsageException e)
                    {
                        throw Error(source, v, e.Message);
                    }
                    break;
                case "level":
                    level = Scalar(source, v) switch
                    {
                        "strict" => NotationLevel.Strict,
                        "permissive" => NotationLevel.Permissive,
                        "audit" => NotationLevel.Audit,
                        "skip" => NotationLevel.Skip,
                        var other => throw Error(source, v, $"unknown notation level '{other}' (expected strict, permissive, audit, skip)"),
                    };
                    break;
                default: throw Error(source, k, $"unknown key '{Scalar(source, k)}' in a notation rule (expected repositories, trustStore, tsaTrustStore, verifyTimestamp, trustedIdentities, level)");
            }
        }
        if (identities.Count == 0) throw Error(source, node, "a notation rule needs at least one entry in 'trustedIdentities' (\"*\" trusts any signer the trust store anchors)");
        return new NotationRule(pattern ?? throw Error(source, node, "a notation rule needs 'repositories'"),
            store ?? throw Error(source, node, "a notation rule needs 'trustStore'"), identities, level)
        {
            TsaTrustStore = tsaStore,
            VerifyTimestamp = verifyTimestamp,
        };
    }

    private static KeylessRule KeylessOf(string source, YamlNode node, string baseDir)
    {
        string? pattern = null, root = null, issuer = null, subject = null, subjectPattern = null;
        foreach (var (k, v) in Mapping(source, node).Children)
        {
            switch (Scalar(source, k))
            {
                case "repositories": pattern = Pattern(source, v); break;
                case "trustedRoot": root = Path.GetFullPath(Scalar(source, v), baseDir); break;
                case "issuer": issuer = Scalar(source, v); break;
                case "subject": subject = Scalar(source, v); break;
                case "subjectPattern":
                    subjectPattern = Scalar(source, v);
                    try
                    {
                        _ = new System.Text.RegularExpressions.Regex(subjectPattern);
                    }
                    catch (ArgumentException e)
                    {
                        throw Error(source, v, $"subjectPattern is not a valid regular expression ({e.Message})");
                    }
                    break;
                default: throw Error(source, k, $"unknown key '{Scalar(source, k)}' in a keyless rule (expected repositories, trustedRoot, issuer, subject, subjectPattern)");
            }
        }
        if ((subject is null) == (subjectPattern is null)) throw Error(source, node, "a keyless rule needs exactly one of 'subject' and 'subjectPattern'");
        return new KeylessRule(pattern ?? throw Error(source, node, "a keyless rule needs 'repositories'"),
            root ?? throw Error(source, node, "a keyless rule needs 'trustedRoot'"),
            new CertificateIdentity(issuer ?? throw Error(source, node, "a keyless rule needs 'issuer'"), subject, subjectPattern));
    }
}
