using System.Text.Json.Nodes;

namespace Drydock.Hosts;

/// <summary>
/// What an engine says about its own daemon, from <c>GET /info</c> and <c>GET /version</c>
/// (docs.docker.com/reference/api/engine): product and version, its newest API version, and the registries it would
/// pull from without a verified TLS channel (<c>RegistryConfig</c>). podman's compatible service answers the same
/// shape, filled from its registries.conf.
/// </summary>
public sealed record EngineDaemon
{
    /// <summary><c>docker</c> or <c>podman</c>.</summary>
    public required string Product { get; init; }

    /// <summary><c>/version</c> <c>Version</c> (else <c>/info</c> <c>ServerVersion</c>): <c>20.10.24+dfsg1</c>, <c>4.3.1</c>.</summary>
    public string? Version { get; init; }

    /// <summary><c>/version</c> <c>ApiVersion</c>: the newest Engine API version the daemon speaks.</summary>
    public string? ApiVersion { get; init; }

    /// <summary><c>RegistryConfig.IndexConfigs</c> entries with <c>Secure: false</c> (<c>--insecure-registry HOST</c>), sorted.</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary><c>RegistryConfig.InsecureRegistryCIDRs</c> (<c>--insecure-registry CIDR</c>; dockerd always adds 127.0.0.0/8), sorted.</summary>
    public IReadOnlyList<string> InsecureCidrs { get; init; } = [];

    /// <summary>Registry mirrors reached over plain <c>http://</c> (<c>RegistryConfig.Mirrors</c>, <c>IndexConfigs.*.Mirrors</c>), sorted.</summary>
    public IReadOnlyList<string> PlainHttpMirrors { get; init; } = [];

    public static EngineDaemon From(JsonObject info, JsonObject? version, bool podman)
    {
        var registry = info["RegistryConfig"] as JsonObject;
        var indexes = (registry?["IndexConfigs"] as JsonObject)?.Select(p => p.Value as JsonObject).OfType<JsonObject>().ToList() ?? [];
        var mirrors = Strings(registry?["Mirrors"]).Concat(indexes.SelectMany(i => Strings(i["Mirrors"])));
        return new EngineDaemon
        {
            Product = podman ? "podman" : "docker",
            Version = Text(version?["Version"]) ?? Text(info["ServerVersion"]),
            ApiVersion = Text(version?["ApiVersion"]),
            InsecureRegistries = Sorted(indexes.Where(i => i["Secure"] is JsonValue s && s.TryGetValue<bool>(out var secure) && !secure).Select(i => Text(i["Name"])).OfType<string>()),
            InsecureCidrs = Sorted(Strings(registry?["InsecureRegistryCIDRs"])),
            PlainHttpMirrors = Sorted(mirrors.Where(m => m.StartsWith("http://", StringComparison.OrdinalIgnoreCase))),
        };
    }

    private static IReadOnlyList<string> Sorted(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static IEnumerable<string> Strings(JsonNode? node) => (node as JsonArray)?.Select(Text).OfType<string>() ?? [];
}
