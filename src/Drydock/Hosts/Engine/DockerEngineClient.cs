using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Drydock.Hosts.Engine;

/// <summary>
/// <see cref="IDockerEngine"/> over the Docker Engine API (docs.docker.com/reference/api/engine, v1.41+), on an
/// <see cref="HttpClient"/> already connected to the engine (unix socket or tcp+TLS) and a negotiated version prefix
/// (<c>/v1.41</c>). Works against dockerd and podman's compatible service: pull errors are read from the progress
/// stream (podman answers 200 with <c>errorDetail</c>), 404s become nulls where a missing object is an answer.
/// </summary>
public sealed class DockerEngineClient(HttpClient http, string apiPrefix, string host, Func<string, string?>? registryAuth = null) : IDockerEngine
{
    public string Host { get; } = host;

    /// <summary>The negotiated API version (<c>1.45</c>), from the path prefix every request uses.</summary>
    public string ApiVersion => apiPrefix.TrimStart('/').TrimStart('v');

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
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{apiPrefix}/images/create?fromImage={Uri.EscapeDataString(image)}&tag={Uri.EscapeDataString(tag)}");
        if (registryAuth?.Invoke(image) is { } auth) request.Headers.Add("X-Registry-Auth", auth);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, $"pull {reference}", cancellationToken);
        await EnsureSuccessAsync(response, $"pull {reference}", cancellationToken);
        // The body is a stream of JSON progress objects; a failure can arrive as {"errorDetail":…} with status 200.
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 || !line.Contains("\"error", StringComparison.Ordinal)) continue;
            var node = JsonNode.Parse(line);
            var message = node?["errorDetail"]?["message"]?.GetValue<string>() ?? node?["error"]?.GetValue<string>();
            if (message is not null) throw new DrydockException($"engine {Host}: pull {reference} failed: {message}");
        }
    }

    public async Task<string> CreateContainerAsync(string name, JsonObject body, CancellationToken cancellationToken)
    {
        var result = await PostJsonAsync($"/containers/create?name={Uri.EscapeDataString(name)}", body, $"create container {name}", cancellationToken);
        return result?["Id"]?.GetValue<string>() ?? throw new DrydockException($"engine {Host}: create container {name} returned no id");
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
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{apiPrefix}/containers/{Uri.EscapeDataString(id)}?force={(force ? "true" : "false")}");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, $"remove {id}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound) await EnsureSuccessAsync(response, $"remove {id}", cancellationToken);
    }

    private async Task<JsonNode?> GetJsonAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, apiPrefix + path);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, "GET " + path, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, "GET " + path, ct);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
    }

    private async Task<JsonNode?> PostJsonAsync(string path, JsonObject? body, string what, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, apiPrefix + path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, what, ct);
        if (response.StatusCode == HttpStatusCode.NotModified) return null;
        await EnsureSuccessAsync(response, what, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, string what, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new DrydockException($"engine {Host}: {what}: {e.Message}", inner: e);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        string message;
        try
        {
            message = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))?["message"]?.GetValue<string>() ?? response.ReasonPhrase ?? "";
        }
        catch (JsonException)
        {
            message = response.ReasonPhrase ?? "";
        }
        throw new DrydockException($"engine {Host}: {what} failed ({(int)response.StatusCode}): {message}");
    }
}
