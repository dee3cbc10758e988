using System.Text.Json.Nodes;

namespace Drydock.Hosts;

/// <summary>The facts of a container's inspect JSON that audit and update decide on.</summary>
public sealed record ContainerInfo
{
    public required string Id { get; init; }

    /// <summary>Name without the leading '/'.</summary>
    public required string Name { get; init; }

    /// <summary>The image id the container runs (<c>sha256:…</c>).</summary>
    public required string ImageId { get; init; }

    /// <summary>
    /// The platform manifest's digest the container was created from (<c>ImageManifestDescriptor</c>, API 1.48+, only on
    /// the containerd image store, where <see cref="ImageId"/> is the pulled index's digest); null elsewhere.
    /// </summary>
    public string? ImageManifestDigest { get; init; }

    /// <summary>The image as the container was created with it (<c>Config.Image</c>, e.g. <c>app:1</c>).</summary>
    public required string ImageReference { get; init; }
    public bool Running { get; init; }
    public bool Restarting { get; init; }
    public int RestartCount { get; init; }

    /// <summary><c>starting</c>, <c>healthy</c>, <c>unhealthy</c>, or null without a HEALTHCHECK.</summary>
    public string? Health { get; init; }
    public bool HasHealthcheck { get; init; }
    public string? StopSignal { get; init; }
    public int? StopTimeout { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Containers this one needs first: legacy links, <c>container:</c> network mode, compose depends_on.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public const string ComposeProjectLabel = "com.docker.compose.project";
    public const string ComposeServiceLabel = "com.docker.compose.service";

    /// <summary>How a compose service is named in <see cref="DependsOn"/>: <c>compose:PROJECT/SERVICE</c>.</summary>
    public static string ComposeKey(string? project, string service) => $"compose:{project}/{service}";

    public static ContainerInfo From(JsonObject inspect)
    {
        var config = inspect["Config"] as JsonObject;
        var state = inspect["State"] as JsonObject;
        var host = inspect["HostConfig"] as JsonObject;
        var labels = (config?["Labels"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "") ?? [];
        var depends = new List<string>();
        foreach (var link in (host?["Links"] as JsonArray) ?? [])
        {
            // "/db:/web/db" → db
            var source = link?.GetValue<string>().Split(':')[0].Trim('/');
            if (!string.IsNullOrEmpty(source)) depends.Add(source);
        }
        var networkMode = host?["NetworkMode"]?.GetValue<string>() ?? "";
        if (networkMode.StartsWith("container:", StringComparison.Ordinal)) depends.Add(networkMode["container:".Length..]);
        if (labels.TryGetValue("com.docker.compose.depends_on", out var composeDeps))
        {
            // "db:service_started:false,cache:service_healthy:true" → services of the same project (two projects may both have a "db").
            labels.TryGetValue(ComposeProjectLabel, out var project);
            depends.AddRange(composeDeps.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => ComposeKey(project, d.Split(':')[0])));
        }
        return new ContainerInfo
        {
            Id = inspect["Id"]?.GetValue<string>() ?? "",
            Name = (inspect["Name"]?.GetValue<string>() ?? "").TrimStart('/'),
            ImageId = inspect["Image"]?.GetValue<string>() ?? "",
            ImageReference = config?["Image"]?.GetValue<string>() ?? "",
            ImageManifestDigest = (inspect["ImageManifestDescriptor"] as JsonObject)?["digest"]?.GetValue<string>(),
            Running = state?["Running"]?.GetValue<bool>() ?? false,
            Restarting = state?["Restarting"]?.GetValue<bool>() ?? false,
            RestartCount = inspect["RestartCount"]?.GetValue<int>() ?? 0,
            Health = (state?["Health"] as JsonObject)?["Status"]?.GetValue<string>(),
            HasHealthcheck = config?["Healthcheck"] is JsonObject hc && hc["Test"] is JsonArray { Count: > 0 } test && test[0]?.GetValue<string>() != "NONE",
            StopSignal = config?["StopSignal"]?.GetValue<string>(),
            // podman reports 0 when none was set; an omitted timeout makes the engine use the container's own anyway.
            StopTimeout = config?["StopTimeout"]?.GetValue<int>() is { } t and not 0 ? t : null,
            Labels = labels,
            DependsOn = depends,
        };
    }
}
