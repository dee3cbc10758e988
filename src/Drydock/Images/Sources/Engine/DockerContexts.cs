using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Drydock.Images.Sources.Engine;

/// <summary>
/// Docker CLI contexts (docs.docker.com/engine/manage-resources/contexts): the store under <c>$DOCKER_CONFIG</c>
/// (default <c>~/.docker</c>): <c>contexts/meta/&lt;sha256 hex of the name&gt;/meta.json</c> holds
/// <c>Endpoints.docker.Host</c> and <c>SkipTLSVerify</c>; <c>contexts/tls/&lt;same&gt;/docker/</c> holds <c>ca.pem</c>,
/// <c>cert.pem</c>, <c>key.pem</c>. The context in use is chosen as the CLI chooses it: <c>--context</c>, else none
/// when a host is given (<c>--host</c> or <c>DOCKER_HOST</c>), else <c>DOCKER_CONTEXT</c>, else <c>currentContext</c>
/// of <c>config.json</c>; <c>default</c> means the environment.
/// </summary>
public static class DockerContexts
{
    public const string Default = "default";

    public static string ConfigDirectory =>
        Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");

    /// <summary>The context the environment selects when no host was given: <c>DOCKER_CONTEXT</c>, else <c>currentContext</c>, else <c>default</c>.</summary>
    public static string Current() => Current(Environment.GetEnvironmentVariable("DOCKER_CONTEXT"), ConfigDirectory);

    /// <summary><paramref name="dockerContext"/> (the variable's value) when set, else <c>currentContext</c> of <paramref name="configDirectory"/>/config.json, else <c>default</c>.</summary>
    public static string Current(string? dockerContext, string configDirectory)
    {
        if (dockerContext is { Length: > 0 } name) return name;
        var config = Path.Combine(configDirectory, "config.json");
        if (!File.Exists(config)) return Default;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(config));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("currentContext", out var current)
                && current.ValueKind == JsonValueKind.String && current.GetString() is { Length: > 0 } c ? c : Default;
        }
        catch (JsonException e)
        {
            throw new UsageException($"{config} is not valid JSON ({e.Message.Split('.')[0]})");
        }
    }

    /// <summary>
    /// The engine endpoint of context <paramref name="name"/>; null for <c>default</c> (the environment decides).
    /// A missing or malformed context is a <see cref="UsageException"/> naming it and the file.
    /// </summary>
    public static EngineEndpoint? Endpoint(string name) => Endpoint(name, ConfigDirectory);

    /// <summary>As <see cref="Endpoint(string)"/>, in the store under <paramref name="configDirectory"/>.</summary>
    public static EngineEndpoint? Endpoint(string name, string configDirectory)
    {
        if (name == Default) return null;
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        var meta = Path.Combine(configDirectory, "contexts", "meta", id, "meta.json");
        if (!File.Exists(meta)) throw new UsageException($"docker context '{name}' not found ({meta} does not exist)");
        string? host;
        var skipVerify = false;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(meta));
            var docker = doc.RootElement.TryGetProperty("Endpoints", out var endpoints) && endpoints.ValueKind == JsonValueKind.Object
                && endpoints.TryGetProperty("docker", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            host = docker.ValueKind == JsonValueKind.Object && docker.TryGetProperty("Host", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            if (docker.ValueKind == JsonValueKind.Object && docker.TryGetProperty("SkipTLSVerify", out var skip)) skipVerify = skip.ValueKind == JsonValueKind.True;
        }
        catch (JsonException e)
        {
            throw new UsageException($"docker context '{name}': {meta} is not valid JSON ({e.Message.Split('.')[0]})");
        }
        if (string.IsNullOrEmpty(host)) throw new UsageException($"docker context '{name}': {meta} names no Endpoints.docker.Host");
        var tls = Path.Combine(configDirectory, "contexts", "tls", id, "docker");
        var hasTls = File.Exists(Path.Combine(tls, "ca.pem")) || File.Exists(Path.Combine(tls, "cert.pem"));
        return EngineEndpoint.Parse(host, hasTls && !host.StartsWith("ssh://", StringComparison.Ordinal) ? tls : null, !skipVerify) with { Context = name };
    }
}
