using YamlDotNet.RepresentationModel;

namespace Drydock.Policy;

/// <summary>The <c>contentTrust</c> and <c>insecureRegistriesAllowed</c> entries of drydock.yaml (docs/policy.md).</summary>
public static partial class PolicyLoader
{
    private static ContentTrustRule ContentTrustOf(string source, YamlNode node, string baseDir)
    {
        string? pattern = null, ca = null;
        Uri? server = null;
        IReadOnlyList<string> rootKeys = [];
        var tofu = false;
        foreach (var (k, v) in Mapping(source, node).Children)
        {
            switch (Scalar(source, k))
            {
                case "repositories": pattern = Pattern(source, v); break;
                case "server":
                    server = Uri.TryCreate(Scalar(source, v), UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(u.Query)
                        ? u
                        : throw Error(source, v, $"server '{Scalar(source, v)}' is not an https:// URL (notary serves trust data over TLS only)");
                    break;
                case "caFile": ca = Path.GetFullPath(Scalar(source, v), baseDir); break;
                case "rootKeys": rootKeys = Strings(source, v).Select(p => Path.GetFullPath(p, baseDir)).ToList(); break;
                case "trustOnFirstUse": tofu = Bool(source, v); break;
                default: throw Error(source, k, $"unknown key '{Scalar(source, k)}' in a contentTrust rule (expected repositories, server, caFile, rootKeys, trustOnFirstUse)");
            }
        }
        if (rootKeys.Count > 0 && tofu) throw Error(source, node, "a contentTrust rule with rootKeys cannot also set trustOnFirstUse (pinned keys are the anchor)");
        if (rootKeys.Count == 0 && !tofu) throw Error(source, node, "a contentTrust rule needs rootKeys, or trustOnFirstUse: true to trust and store the first root it sees");
        return new ContentTrustRule(pattern ?? throw Error(source, node, "a contentTrust rule needs 'repositories'"),
            server ?? throw Error(source, node, "a contentTrust rule needs 'server'"), ca, rootKeys, tofu);
    }

    private static IReadOnlyList<string> RegistryHosts(string source, YamlNode node)
    {
        var hosts = Strings(source, node);
        foreach (var (h, n) in hosts.Zip(Sequence(source, node)))
        {
            if (h.Length == 0 || h.Contains('/', StringComparison.Ordinal) || h.Contains("://", StringComparison.Ordinal))
                throw Error(source, n, $"'{h}' is not a registry host (expected host or host:port, e.g. registry.internal:5000)");
        }
        return hosts;
    }

    private static Images.ImageReference SignatureRepositoryOf(string source, YamlNode node)
    {
        try
        {
            return SignatureRepositoryName.Parse(Scalar(source, node));
        }
        catch (UsageException e)
        {
            throw Error(source, node, e.Message);
        }
    }
}
