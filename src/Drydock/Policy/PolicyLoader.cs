using Drydock.Model;
using Drydock.Vulnerabilities;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Drydock.Policy;

/// <summary>
/// Reads <c>drydock.yaml</c> (docs/policy.md). Walks the YAML node tree by hand (no reflection, AOT-safe) so every
/// error names the file and line: unknown keys, wrong types and bad values are <see cref="UsageException"/>s (exit 2).
/// </summary>
public static partial class PolicyLoader
{
    /// <summary>Loads a policy file; <paramref name="controlIds"/> are the ids its <c>controls</c> section may name
    /// (the front end passes the controls it assembles, e.g. <c>ControlCatalog.Ids</c>).</summary>
    public static DrydockPolicy Load(string path, IReadOnlyCollection<string> controlIds)
    {
        if (!File.Exists(path)) throw new UsageException($"policy file '{path}' does not exist");
        using var reader = File.OpenText(path);
        return Parse(reader, path, controlIds);
    }

    public static DrydockPolicy Parse(TextReader reader, string source, IReadOnlyCollection<string> controlIds)
    {
        ArgumentNullException.ThrowIfNull(controlIds);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw new UsageException($"{source}:{e.Start.Line}: invalid YAML: {e.Message}");
        }
        if (yaml.Documents.Count == 0) return DrydockPolicy.Default with { Source = source };
        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw Error(source, yaml.Documents[0].RootNode, "the policy must be a mapping of keys");

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".";
        var policy = DrydockPolicy.Default with { Source = source };
        List<string>? extraUnnecessary = null;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = Scalar(source, keyNode);
            policy = key switch
            {
                "version" => Version(source, value, policy),
                "trustedBases" => policy with { TrustedBases = Sequence(source, value).Select(n => TrustedBaseOf(source, n)).ToList() },
                "requiredSigners" => policy with { RequiredSigners = Sequence(source, value).Select(n => SignerOf(source, n, baseDir)).ToList() },
                "notation" => policy with { Notation = Sequence(source, value).Select(n => NotationOf(source, n, baseDir)).ToList() },
                "keyless" => policy with { Keyless = Sequence(source, value).Select(n => KeylessOf(source, n, baseDir)).ToList() },
                "contentTrust" => policy with { ContentTrust = Sequence(source, value).Select(n => ContentTrustOf(source, n, baseDir)).ToList() },
                "signatureRepository" => policy with { SignatureRepository = SignatureRepositoryOf(source, value) },
                "insecureRegistriesAllowed" => policy with { InsecureRegistriesAllowed = RegistryHosts(source, value) },
                "unnecessaryPackages" => policy with { UnnecessaryPackages = Strings(source, value) },
                "setuidAllowList" => policy with { SetuidAllowList = Strings(source, value) },
                "secretAllowList" => policy with { SecretAllowList = Strings(source, value) },
                "controls" => policy with { Controls = ControlsOf(source, value, controlIds) },
                "gate" => policy with { Gate = GateOf(source, value) },
                "database" => policy with { Database = DatabaseOf(source, value, baseDir) },
                "additionalUnnecessaryPackages" => policy,
                _ => throw Error(source, keyNode, $"unknown key '{key}' (expected version, trustedBases, requiredSigners, notation, keyless, contentTrust, signatureRepository, insecureRegistriesAllowed, unnecessaryPackages, additionalUnnecessaryPackages, setuidAllowList, secretAllowList, controls, gate, database)"),
            };
            if (key == "additionalUnnecessaryPackages") extraUnnecessary = Strings(source, value).ToList();
        }
        if (extraUnnecessary is not null) policy = policy with { UnnecessaryPackages = [.. policy.UnnecessaryPackages, .. extraUnnecessary] };
        return policy;
    }

    private static DrydockPolicy Version(string source, YamlNode value, DrydockPolicy policy) =>
        Scalar(source, value) == "1" ? policy : throw Error(source, value, "unsupported policy version (this Drydock reads version 1)");

    private static TrustedBase TrustedBaseOf(string source, YamlNode node)
    {
        if (node is YamlScalarNode) return new TrustedBase(Pattern(source, node), []);
        var map = Mapping(source, node);
        string? pattern = null;
        IReadOnlyList<string> digests = [];
        foreach (var (k, v) in map.Children)
        {
            switch (Scalar(source, k))
            {
                case "image": pattern = Pattern(source, v); break;
                case "digests":
                    digests = Strings(source, v);
                    foreach (var (d, n) in digests.Zip(Sequence(source, v)))
                    {
                        if (!Images.Digest.TryParse(d, out _)) throw Error(source, n, $"invalid digest '{d}'");
                    }
                    break;
                default: throw Error(source, k, $"unknown key '{Scalar(source, k)}' in a trusted base (expected image, digests)");
            }
        }
        return new TrustedBase(pattern ?? throw Error(source, node, "a trusted base needs 'image'"), digests);
    }

    private static RequiredSigner SignerOf(string source, YamlNode node, string baseDir)
    {
        var map = Mapping(source, node);
        string? pattern = null;
        IReadOnlyList<string> keys = [];
        foreach (var (k, v) in map.Children)
        {
            switch (Scalar(source, k))
            {
                case "repositories": pattern = Pattern(source, v); break;
                case "keys": keys = Strings(source, v).Select(p => Path.GetFullPath(p, baseDir)).ToList(); break;
                default: throw Error(source, k, $"unknown key '{Scalar(source, k)}' in a required signer (expected repositories, keys)");
            }
        }
        if (keys.Count == 0) throw Error(source, node, "a required signer needs at least one key file in 'keys'");
        return new RequiredSigner(pattern ?? throw Error(source, node, "a required signer needs 'repositories'"), keys);
    }

    private static Dictionary<string, ControlSettings> ControlsOf(string source, YamlNode node, IReadOnlyCollection<string> controlIds)
    {
        var result = new Dictionary<string, ControlSettings>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in Mapping(source, node).Children)
        {
            var id = Scalar(source, k);
            if (!controlIds.Contains(id, StringComparer.OrdinalIgnoreCase))
                throw Error(source, k, $"unknown control '{id}' (expected one of {string.Join(", ", controlIds)})");
            var enabled = true;
            Severity? severity = null;
            foreach (var (sk, sv) in Mapping(source, v).Children)
            {
                switch (Scalar(source, sk))
                {
                    case "enabled": enabled = Bool(source, sv); break;
                    case "severity": severity = SeverityOf(source, sv); break;
                    default: throw Error(source, sk, $"unknown key '{Scalar(source, sk)}' for {id} (expected enabled, severity)");
                }
            }
            result[id.ToUpperInvariant()] = new ControlSettings(enabled, severity);
        }
        return result;
    }

    private static GatePolicy GateOf(string source, YamlNode node)
    {
        var gate = new GatePolicy();
        foreach (var (k, v) in Mapping(source, node).Children)
        {
            gate = Scalar(source, k) switch
            {
                "severity" => gate with { Severities = Strings(source, v).Select((s, i) => SeverityOf(source, Sequence(source, v)[i])).ToList() },
                "ignoreUnfixed" => gate with { IgnoreUnfixed = Bool(source, v) },
                "ignoreStatus" => gate with { IgnoreStatuses = Strings(source, v) },
                "exitCode" => gate with { ExitCode = Int(source, v, 0, 255) },
                "minAgeDays" => gate with { MinAgeDays = Int(source, v, 0, 3650) },
                "maxImageAgeDays" => gate with { MaxImageAgeDays = Int(source, v, 0, 36500) },
                "failOnEndOfLife" => gate with { FailOnEndOfLife = Bool(source, v) },
                "failOnControls" => gate with { FailOnControls = Bool(source, v) },
                "failOnStaleDigest" => gate with { FailOnStaleDigest = Bool(source, v) },
                "failOnIncomplete" => gate with { FailOnIncomplete = Bool(source, v) },
                "ignoreFile" => gate with { IgnoreFile = Scalar(source, v) },
                var other => throw Error(source, k, $"unknown gate key '{other}' (expected severity, ignoreUnfixed, ignoreStatus, exitCode, minAgeDays, maxImageAgeDays, failOnEndOfLife, failOnControls, failOnStaleDigest, failOnIncomplete, ignoreFile)"),
            };
        }
        return gate;
    }

    internal static Severity ParseSeverity(string text) => text.ToUpperInvariant() switch
    {
        "UNKNOWN" => Severity.Unknown,
        "LOW" or "NEGLIGIBLE" => Severity.Low,
        "MEDIUM" or "MODERATE" => Severity.Medium,
        "HIGH" or "IMPORTANT" => Severity.High,
        "CRITICAL" => Severity.Critical,
        _ => throw new UsageException($"unknown severity '{text}' (expected UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL)"),
    };

    private static Severity SeverityOf(string source, YamlNode node)
    {
        try
        {
            return ParseSeverity(Scalar(source, node));
        }
        catch (UsageException e)
        {
            throw Error(source, node, e.Message);
        }
    }

    private static string Pattern(string source, YamlNode node)
    {
        var p = Scalar(source, node);
        return p.Length > 0 ? p : throw Error(source, node, "an empty pattern matches nothing");
    }

    private static string Scalar(string source, YamlNode node) =>
        node is YamlScalarNode { Value: var v } ? v ?? "" : throw Error(source, node, "expected a single value");

    private static YamlMappingNode Mapping(string source, YamlNode node) =>
        node as YamlMappingNode ?? throw Error(source, node, "expected a mapping (key: value)");

    private static IReadOnlyList<YamlNode> Sequence(string source, YamlNode node) =>
        node as YamlSequenceNode is { } s ? s.Children.ToList() : throw Error(source, node, "expected a list");

    private static IReadOnlyList<string> Strings(string source, YamlNode node) =>
        Sequence(source, node).Select(n => Scalar(source, n)).ToList();

    private static bool Bool(string source, YamlNode node) => Scalar(source, node) switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => throw Error(source, node, "expected true or false"),
    };

    private static int Int(string source, YamlNode node, int min, int max) =>
        int.TryParse(Scalar(source, node), out var n) && n >= min && n <= max
            ? n
            : throw Error(source, node, $"expected a whole number from {min} to {max}");

    private static UsageException Error(string source, YamlNode node, string message) =>
        new($"{source}:{node.Start.Line}: {message}");
}
