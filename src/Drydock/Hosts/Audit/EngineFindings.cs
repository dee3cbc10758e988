using System.Net;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Policy;

namespace Drydock.Hosts.Audit;

/// <summary>
/// The daemon findings of one engine (docs/hosts.md "Daemon findings"): <c>CIS-4.2</c>, the engine pulls over a
/// secure channel only (no insecure registry, CIDR or plain-HTTP mirror beyond loopback, except registries the policy
/// accepts in <c>insecureRegistriesAllowed</c>); <c>CIS-4.5</c>, when the policy's <c>contentTrust</c> rules cover an
/// image a container runs (Docker Content Trust is a docker CLI check: no engine enforces it on pull);
/// <c>DRYDOCK-ENGINE-EOL</c>, the engine's release branch is still maintained.
/// </summary>
internal static class EngineFindings
{
    public const string EndOfLifeId = "DRYDOCK-ENGINE-EOL";

    public static IReadOnlyList<AuditVerdict> For(EngineDaemon daemon, DrydockPolicy policy, IReadOnlyList<AuditedContainer> containers, DateTimeOffset now)
    {
        var list = new List<AuditVerdict> { SecureChannel(daemon, policy) };
        if (ContentTrust(policy, containers) is { } dct) list.Add(dct);
        var (outcome, reason) = daemon.Product == "docker"
            ? DockerEngineLifecycle.Assess(daemon.Version, daemon.ApiVersion, DateOnly.FromDateTime(now.UtcDateTime))
            : (AuditVerdicts.Unknown, $"{daemon.Product} {daemon.Version ?? "?"} (API {daemon.ApiVersion ?? "?"}): Drydock keeps an end-of-life table for Docker Engine only");
        list.Add(new AuditVerdict(EndOfLifeId, outcome, reason));
        return list;
    }

    private static AuditVerdict SecureChannel(EngineDaemon daemon, DrydockPolicy policy)
    {
        var insecure = daemon.InsecureRegistries.Select(r => (Name: r, Allowed: Allowed(policy, r)))
            .Concat(daemon.PlainHttpMirrors.Select(m => (Name: "mirror " + m, Allowed: Allowed(policy, MirrorHost(m)))))
            .ToList();
        // A CIDR covers every registry at those addresses; the policy names registries, so only loopback is accepted.
        var cidrs = daemon.InsecureCidrs.Where(c => !Loopback(c)).ToList();
        var refused = insecure.Where(i => !i.Allowed).Select(i => i.Name).Concat(cidrs.Select(c => "CIDR " + c)).ToList();
        var accepted = insecure.Where(i => i.Allowed).Select(i => i.Name).ToList();
        var acceptedText = accepted.Count == 0 ? "" : $"; accepted by insecureRegistriesAllowed: {string.Join(", ", accepted)}";
        return refused.Count > 0
            ? new AuditVerdict("CIS-4.2", AuditVerdicts.Fail,
                $"the engine pulls over plain HTTP or unverified TLS from {string.Join(", ", refused)} (not a secure channel; not in insecureRegistriesAllowed){acceptedText}")
            : new AuditVerdict("CIS-4.2", AuditVerdicts.Pass, $"the engine declares no insecure registry beyond loopback{acceptedText}");
    }

    private static AuditVerdict? ContentTrust(DrydockPolicy policy, IReadOnlyList<AuditedContainer> containers)
    {
        if (policy.ContentTrust.Count == 0) return null;
        var covered = containers
            .Where(c => ImageReference.TryParse(c.Image, out var r, out _) && RuleVerifier.ContentTrustRulesFor(policy, r).Count > 0)
            .Select(c => $"{c.Name} ({c.Image})").Order(StringComparer.Ordinal).ToList();
        return covered.Count == 0
            ? new AuditVerdict("CIS-4.5", AuditVerdicts.Pass, "no container runs an image the policy's contentTrust rules cover")
            : new AuditVerdict("CIS-4.5", AuditVerdicts.Fail,
                $"the policy requires Docker Content Trust for {string.Join(", ", covered)}, and the engine does not enforce it on pull " +
                "(a docker CLI setting, DOCKER_CONTENT_TRUST): verify each with 'drydock image REF'");
    }

    /// <summary>As CIS-4.2 of an image reads it: <c>host:port</c> for that port, <c>host</c> for any port on it.</summary>
    private static bool Allowed(DrydockPolicy policy, string registry) => Controls.Cis42TrustedBaseImageControl.AllowedInsecure(policy, registry);

    private static string MirrorHost(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Authority : url;

    private static bool Loopback(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && IPAddress.TryParse(cidr[..slash], out var address) && IPAddress.IsLoopback(address)
               && int.TryParse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var bits)
               && bits >= (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 8 : 128);
    }
}
