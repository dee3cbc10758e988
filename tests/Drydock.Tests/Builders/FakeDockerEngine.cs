using System.Text.Json.Nodes;
using Drydock.Hosts;

namespace Drydock.Tests.Builders;

/// <summary>
/// A hand-written in-memory Docker engine for the update state machine's unit tests (the integration tests use a
/// real dockerd). Containers keep the create body they were made with; a started container's health comes from
/// <see cref="HealthOf"/> by image id (null = no HEALTHCHECK and it keeps running, "exit" = it exits at once).
/// </summary>
public sealed class FakeDockerEngine : IDockerEngine
{
    private int _next;

    public string Host => "fake://engine";

    /// <summary>Where container ids start counting: two fakes with different seeds never share an id, as two real engines never do.</summary>
    public int IdSeed
    {
        init => _next = value;
    }

    public Dictionary<string, JsonObject> Containers { get; } = [];

    /// <summary>What <c>/info</c> answers.</summary>
    public EngineIdentity Identity { get; set; } = new("FAKE:ENGINE", "fake-host", "/var/lib/docker");

    public Task<EngineIdentity> IdentifyAsync(CancellationToken cancellationToken) => Task.FromResult(Identity);

    /// <summary>What <c>/info</c> and <c>/version</c> say of the daemon.</summary>
    public EngineDaemon Daemon { get; set; } = new() { Product = "docker", Version = "29.0.1", ApiVersion = "1.52" };

    public Task<EngineDaemon> DescribeAsync(CancellationToken cancellationToken) => Task.FromResult(Daemon);

    public Dictionary<string, JsonObject> Images { get; } = [];

    public Dictionary<string, string?> HealthOf { get; } = [];

    /// <summary>Image reference (tag) → image id, as the local engine resolves it.</summary>
    public Dictionary<string, string> Tags { get; } = [];

    public List<string> Calls { get; } = [];

    public JsonObject AddImage(string id, JsonObject? config = null)
    {
        var image = new JsonObject { ["Id"] = id, ["Config"] = config ?? new JsonObject() };
        Images[id] = image;
        return image;
    }

    public string AddContainer(string name, string imageRef, JsonObject config, JsonObject? hostConfig = null, bool running = true)
    {
        var id = NewId();
        var body = (JsonObject)config.DeepClone();
        body["Image"] = imageRef;
        body["HostConfig"] = hostConfig ?? new JsonObject { ["RestartPolicy"] = new JsonObject { ["Name"] = "unless-stopped" } };
        Containers[id] = Make(id, name, body, running);
        return id;
    }

    public Task<IReadOnlyList<string>> ListContainerIdsAsync(bool all, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Containers.Keys.Order(StringComparer.Ordinal).ToList());

    public Task<JsonObject?> InspectContainerAsync(string idOrName, CancellationToken cancellationToken) =>
        Task.FromResult(Find(idOrName)?.DeepClone() as JsonObject);

    public Task<JsonObject?> InspectImageAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var id = Tags.GetValueOrDefault(nameOrId, nameOrId);
        return Task.FromResult(Images.TryGetValue(id, out var i) ? (JsonObject)i.DeepClone() : null);
    }

    public Task<JsonArray> ListImagesAsync(CancellationToken cancellationToken)
    {
        var list = new JsonArray();
        foreach (var i in Images.Values) list.Add((JsonNode)i.DeepClone());
        return Task.FromResult(list);
    }

    public Task PullAsync(string reference, CancellationToken cancellationToken)
    {
        Calls.Add("pull " + reference);
        return Task.CompletedTask;
    }

    public Task<string> CreateContainerAsync(string name, JsonObject body, CancellationToken cancellationToken)
    {
        Calls.Add("create " + name);
        if (Find(name) is not null) throw new DrydockException($"fake engine: name '{name}' is in use");
        var id = NewId();
        Containers[id] = Make(id, name, (JsonObject)body.DeepClone(), running: false);
        return Task.FromResult(id);
    }

    public Task ConnectNetworkAsync(string network, string containerId, JsonObject endpointConfig, CancellationToken cancellationToken)
    {
        Calls.Add($"connect {network}");
        var networks = (JsonObject)Containers[containerId]["NetworkSettings"]!["Networks"]!;
        networks[network] = endpointConfig.DeepClone();
        return Task.CompletedTask;
    }

    public Task StartContainerAsync(string id, CancellationToken cancellationToken)
    {
        var c = Find(id) ?? throw new DrydockException("fake engine: no such container " + id);
        Calls.Add("start " + c["Name"]!.GetValue<string>().TrimStart('/'));
        var health = HealthOf.GetValueOrDefault(c["Image"]!.GetValue<string>());
        var state = (JsonObject)c["State"]!;
        state["Running"] = health != "exit";
        if (health is "healthy" or "unhealthy") state["Health"] = new JsonObject { ["Status"] = HealthchecksOnDemand ? "starting" : health };
        return Task.CompletedTask;
    }

    /// <summary>Like podman's service without systemd: health stays "starting" until <see cref="RunHealthcheckAsync"/> runs the check.</summary>
    public bool HealthchecksOnDemand { get; set; }

    public Task<bool> RunHealthcheckAsync(string id, CancellationToken cancellationToken)
    {
        if (!HealthchecksOnDemand) return Task.FromResult(false);
        var c = Find(id)!;
        Calls.Add("healthcheck " + c["Name"]!.GetValue<string>().TrimStart('/'));
        c["State"]!["Health"] = new JsonObject { ["Status"] = HealthOf.GetValueOrDefault(c["Image"]!.GetValue<string>()) };
        return Task.FromResult(true);
    }

    public Task StopContainerAsync(string id, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        var c = Find(id)!;
        Calls.Add($"stop {c["Name"]!.GetValue<string>().TrimStart('/')} signal={signal} timeout={timeoutSeconds}");
        c["State"]!["Running"] = false;
        return Task.CompletedTask;
    }

    public Task RenameContainerAsync(string id, string newName, CancellationToken cancellationToken)
    {
        Calls.Add("rename " + newName);
        Find(id)!["Name"] = "/" + newName;
        return Task.CompletedTask;
    }

    public Task RemoveContainerAsync(string id, bool force, CancellationToken cancellationToken)
    {
        var c = Find(id)!;
        Calls.Add("remove " + c["Name"]!.GetValue<string>().TrimStart('/'));
        Containers.Remove(c["Id"]!.GetValue<string>());
        return Task.CompletedTask;
    }

    private JsonObject? Find(string idOrName) =>
        Containers.TryGetValue(idOrName, out var byId) ? byId : Containers.Values.FirstOrDefault(c => c["Name"]!.GetValue<string>() == "/" + idOrName);

    private JsonObject Make(string id, string name, JsonObject body, bool running)
    {
        var image = body["Image"]!.GetValue<string>();
        var imageId = Tags.GetValueOrDefault(image, image);
        ApplyImageDefaults(body, imageId);
        var host = body["HostConfig"] ?? new JsonObject();
        body.Remove("HostConfig");
        var endpoints = (body["NetworkingConfig"] as JsonObject)?["EndpointsConfig"]?.DeepClone() ?? new JsonObject();
        body.Remove("NetworkingConfig");
        body["Hostname"] ??= id[..12];
        return new JsonObject
        {
            ["Id"] = id,
            ["Name"] = "/" + name,
            ["Image"] = imageId,
            ["Config"] = body,
            ["HostConfig"] = host.DeepClone(),
            ["NetworkSettings"] = new JsonObject { ["Networks"] = endpoints },
            ["State"] = new JsonObject { ["Running"] = running, ["Restarting"] = false },
            ["RestartCount"] = 0,
        };
    }

    /// <summary>As Docker does at create: image Env entries the body does not set are added; absent Cmd/Healthcheck come from the image.</summary>
    private void ApplyImageDefaults(JsonObject body, string imageId)
    {
        if (!Images.TryGetValue(imageId, out var image) || image["Config"] is not JsonObject defaults) return;
        var env = body["Env"] as JsonArray ?? [];
        var keys = env.Select(e => e!.GetValue<string>().Split('=')[0]).ToHashSet();
        var merged = new JsonArray();
        foreach (var e in (defaults["Env"] as JsonArray ?? []).Select(e => e!.GetValue<string>()).Where(e => !keys.Contains(e.Split('=')[0]))) merged.Add((JsonNode?)JsonValue.Create(e));
        foreach (var e in env) merged.Add(e!.DeepClone());
        body["Env"] = merged;
        foreach (var key in (string[])["Cmd", "Healthcheck"])
        {
            if (body[key] is null && defaults[key] is { } d) body[key] = d.DeepClone();
        }
    }

    private string NewId() => (++_next).ToString("x").PadLeft(64, '0');
}
