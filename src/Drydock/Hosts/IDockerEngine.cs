using System.Text.Json.Nodes;
using Drydock.Images.Sources.Engine;

namespace Drydock.Hosts;

/// <summary>
/// The Docker Engine API operations host audit and update need (API 1.41+; podman's compatible service too).
/// Inspect results are the engine's raw JSON so that a recreated container keeps every setting, including ones
/// this code does not name. Failures are <see cref="DrydockException"/>s naming the host and operation.
/// </summary>
public interface IDockerEngine
{
    /// <summary>The host as the user named it (<c>unix:///var/run/docker.sock</c>), for messages and reports.</summary>
    string Host { get; }

    /// <summary>Where the engine listens, for work that opens its own connection (a <c>docker:</c> image scan); null when not an Engine API endpoint.</summary>
    EngineEndpoint? Endpoint => null;

    /// <summary><c>GET /info</c>: the engine's identity, which keys its update state (<see cref="EngineIdentity"/>).</summary>
    Task<EngineIdentity> IdentifyAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /info</c> and <c>GET /version</c>: the daemon's product, version and registry settings, for the audit's daemon findings.</summary>
    Task<EngineDaemon> DescribeAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListContainerIdsAsync(bool all, CancellationToken cancellationToken);

    /// <summary><c>GET /containers/{id}/json</c>, or null when there is no such container.</summary>
    Task<JsonObject?> InspectContainerAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary><c>GET /images/{name}/json</c>, or null when the engine has no such image.</summary>
    Task<JsonObject?> InspectImageAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary><c>GET /images/json</c>: every local image (id, repo tags, repo digests, created).</summary>
    Task<JsonArray> ListImagesAsync(CancellationToken cancellationToken);

    /// <summary><c>POST /images/create?fromImage=…</c>; <paramref name="reference"/> may be <c>repo:tag</c> or <c>repo@digest</c>.</summary>
    Task PullAsync(string reference, CancellationToken cancellationToken);

    /// <summary><c>POST /containers/create?name=…</c> with a full create body; returns the new id.</summary>
    Task<string> CreateContainerAsync(string name, JsonObject body, CancellationToken cancellationToken);

    /// <summary><c>POST /networks/{network}/connect</c> for networks beyond the first (API &lt; 1.44 creates with one).</summary>
    Task ConnectNetworkAsync(string network, string containerId, JsonObject endpointConfig, CancellationToken cancellationToken);

    Task StartContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stops with the container's own signal and timeout (null = the engine's default for it).</summary>
    Task StopContainerAsync(string id, int? timeoutSeconds, string? signal, CancellationToken cancellationToken);

    Task RenameContainerAsync(string id, string newName, CancellationToken cancellationToken);

    Task RemoveContainerAsync(string id, bool force, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the container's HEALTHCHECK once, for engines that do not run it on their own (podman's service runs
    /// healthchecks from systemd timers, so without systemd the status stays <c>starting</c>). False when the engine
    /// runs healthchecks itself (dockerd) and nothing was done.
    /// </summary>
    Task<bool> RunHealthcheckAsync(string id, CancellationToken cancellationToken) => Task.FromResult(false);
}
