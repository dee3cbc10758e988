using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Images.Sources.Engine;

namespace Drydock.Hosts.Engine;

/// <summary>
/// <see cref="IDockerEngine"/> over the Docker Engine API (docs.docker.com/reference/api/engine, v1.41+), on the same
/// <see cref="EngineConnection"/> the <c>docker:</c> transport uses (DOCKER_HOST parsing, unix socket or tcp+TLS,
/// <c>/_ping</c> version negotiation). Works against dockerd and podman's compatible service: pull errors are read from
/// the progress stream (podman answers 200 with <c>errorDetail</c>), 404s become nulls where a missing object is an answer.
/// </summary>
public sealed class DockerEngineClient : IDockerEngine, IDisposable
{
    private readonly EngineConnection _connection;
    private readonly Func<string, CancellationToken, Task<string?>>? _registryAuth;

    private DockerEngineClient(EngineConnection connection, Version apiVersion, Func<string, CancellationToken, Task<string?>>? registryAuth)
    {
        _connection = connection;
        _registryAuth = registryAuth;
        ApiVersion = apiVersion.ToString(2);
    }

    public string Host => _connection.Endpoint.Host;

    public EngineEndpoint Endpoint => _connection.Endpoint;

    /// <summary>The negotiated API version (<c>1.41</c>).</summary>
    public string ApiVersion { get; }

    /// <summary>
    /// Connects and negotiates the API version; <paramref name="timeout"/> bounds every request (a hung engine fails).
    /// <paramref name="registryAuth"/> gives the <c>X-Registry-Auth</c> header of a pull of an image name (<see cref="EngineRegistryAuth"/>); null = anonymous pulls.
    /// </summary>
    public static async Task<DockerEngineClient> ConnectAsync(EngineEndpoint endpoint, TimeSpan timeout, Func<string, CancellationToken, Task<string?>>? registryAuth, CancellationToken ct)
    {
        var connection = new EngineConnection(endpoint, timeout);
        try
        {
            var version = await connection.GetApiVersionAsync(ct);
            return new DockerEngineClient(connection, version, registryAuth);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async Task<EngineIdentity> IdentifyAsync(CancellationToken cancellationToken)
    {
        var info = await GetJsonAsync("/info", cancellationToken) as JsonObject
            ?? throw new DrydockException($"docker engine {Host}: GET /info gave no answer");
        return EngineIdentity.FromInfo(info, _connection.LibpodApiVersion is not null);
    }

    public async Task<EngineDaemon> DescribeAsync(CancellationToken cancellationToken)
    {
        var info = await GetJsonAsync("/info", cancellationToken) as JsonObject
            ?? throw new DrydockException($"docker engine {Host}: GET /info gave no answer");
        return EngineDaemon.From(info, await GetJsonAsync("/version", cancellationToken) as JsonObject, _connection.LibpodApiVersion is not null);
    }

    public async Task<IReadOnlyList<string>> ListContainerIdsAsync(bool all, CancellationToken cancellationToken)
    {
        var list = (await GetJsonAsync($"/containers/json?all={(all ? 1 : 0)}", cancellationToken))?.AsArray() ?? [];
        return list.Select(c => c?["Id"]?.GetValue<string>()).OfType<string>().ToList();
    }

    public async Task<JsonObject?> InspectContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        (await GetJsonAsync($"/containers/{Uri.EscapeDataString(idOrName)}/json", cancellationToken)) as JsonObject;

    public async Task<JsonObject?> InspectImageAsync(string nameOrId, CancellationToken cancellationToken) =>
        (await GetJsonAsync($"/images/{Uri.EscapeDataString(nameOrId)}/json", cancellationToken)) as JsonObject;

    public async Task<JsonArray> ListImagesAsync(CancellationToken cancellationToken) =>
        (await GetJsonAsync("/images/json", cancellationToken))?.AsArray() ?? [];

    public async Task PullAsync(string reference, CancellationToken cancellationToken)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var colon = reference.LastIndexOf(':');
        var (image, tag) = at >= 0 ? (reference[..at], reference[(at + 1)..])
            : colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
        var headers = _registryAuth is not null && await _registryAuth(image, cancellationToken) is { } auth
            ? new Dictionary<string, string> { ["X-Registry-Auth"] = auth } : null;
        using var response = await _connection.SendAsync(HttpMethod.Post,
            $"/images/create?fromImage={Uri.EscapeDataString(image)}&tag={Uri.EscapeDataString(tag)}", cancellationToken, headers: headers);
        await _connection.EnsureSuccessAsync(response, $"pull {reference}", cancellationToken);
        // The body is a stream of JSON progress objects; a failure can arrive as {"errorDetail":…} with status 200.
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 || !line.Contains("\"error", StringComparison.Ordinal)) continue;
            var node = JsonNode.Parse(line);
            var message = node?["errorDetail"]?["message"]?.GetValue<string>() ?? node?["error"]?.GetValue<string>();
            if (message is not null) throw new DrydockException($"docker engine {Host}: pull {reference} failed: {message}");
        }
    }

    public async Task<string> CreateContainerAsync(string name, JsonObject body, CancellationToken cancellationToken)
    {
        var result = await PostJsonAsync($"/containers/create?name={Uri.EscapeDataString(name)}", body, $"create container {name}", cancellationToken);
        return result?["Id"]?.GetValue<string>() ?? throw new DrydockException($"docker engine {Host}: create container {name} returned no id");
    }

    public Task ConnectNetworkAsync(string network, string containerId, JsonObject endpointConfig, CancellationToken cancellationToken) =>
        PostJsonAsync($"/networks/{Uri.EscapeDataString(network)}/connect",
            new JsonObject { ["Container"] = containerId, ["EndpointConfig"] = endpointConfig.DeepClone() }, $"connect {containerId[..Math.Min(12, containerId.Length)]} to {network}", cancellationToken);

    public Task StartContainerAsync(string id, CancellationToken cancellationToken) =>
        PostJsonAsync($"/containers/{Uri.EscapeDataString(id)}/start", null, $"start {id}", cancellationToken);

    public Task StopContainerAsync(string id, int? timeoutSeconds, string? signal, CancellationToken cancellationToken) =>
        // The engine stops with the container's own StopSignal and StopTimeout unless told otherwise, so only the
        // timeout is passed (the signal parameter needs API 1.42).
        PostJsonAsync($"/containers/{Uri.EscapeDataString(id)}/stop{(timeoutSeconds is { } t ? $"?t={t}" : "")}", null, $"stop {id}", cancellationToken);

    public Task RenameContainerAsync(string id, string newName, CancellationToken cancellationToken) =>
        PostJsonAsync($"/containers/{Uri.EscapeDataString(id)}/rename?name={Uri.EscapeDataString(newName)}", null, $"rename {id} to {newName}", cancellationToken);

    public async Task RemoveContainerAsync(string id, bool force, CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(HttpMethod.Delete, $"/containers/{Uri.EscapeDataString(id)}?force={(force ? "true" : "false")}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound) await _connection.EnsureSuccessAsync(response, $"remove {id}", cancellationToken);
    }

    /// <summary>podman only (its <c>/_ping</c> names a Libpod API version): libpod's <c>GET /libpod/containers/{id}/healthcheck</c>, what <c>podman healthcheck run</c> calls.</summary>
    public async Task<bool> RunHealthcheckAsync(string id, CancellationToken cancellationToken)
    {
        if (_connection.LibpodApiVersion is null) return false;
        using var response = await _connection.SendAsync(HttpMethod.Get, $"/libpod/containers/{Uri.EscapeDataString(id)}/healthcheck", cancellationToken);
        await _connection.EnsureSuccessAsync(response, $"healthcheck {id}", cancellationToken);
        return true;
    }

    private async Task<JsonNode?> GetJsonAsync(string path, CancellationToken ct)
    {
        using var response = await _connection.SendAsync(HttpMethod.Get, path, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await _connection.EnsureSuccessAsync(response, "GET " + path, ct);
        return ParseJson(await response.Content.ReadAsStringAsync(ct), "GET " + path);
    }

    private async Task<JsonNode?> PostJsonAsync(string path, JsonObject? body, string what, CancellationToken ct)
    {
        using var content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _connection.SendAsync(HttpMethod.Post, path, ct, content);
        if (response.StatusCode == HttpStatusCode.NotModified) return null;
        await _connection.EnsureSuccessAsync(response, what, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length == 0 ? null : ParseJson(text, what);
    }

    private JsonNode? ParseJson(string text, string what)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new DrydockException($"docker engine {Host}: {what}: the answer is not valid JSON ({e.Message.Split('.')[0]})");
        }
    }

    public void Dispose() => _connection.Dispose();
}
