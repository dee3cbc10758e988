using System.Text.Json.Nodes;

namespace Drydock.Hosts;

/// <summary>
/// Turns a container's inspect JSON back into a <c>POST /containers/create</c> body for a new image, keeping every
/// setting: env, command, entrypoint, user, working dir, labels, mounts and volumes, port bindings, restart policy,
/// resources, healthcheck, log config (all of <c>HostConfig</c> is copied whole) and networks with their aliases.
/// Values the container only had because the OLD image set them as defaults are dropped, so the new image's defaults
/// apply (otherwise an update would pin the old image's CMD or ENV forever).
/// </summary>
public static class CreateConfigBuilder
{
    /// <summary>The create body plus the networks to connect after create (API &lt; 1.44 accepts one at create).</summary>
    public static (JsonObject Body, IReadOnlyList<(string Network, JsonObject Endpoint)> ExtraNetworks) Build(
        JsonObject containerInspect, JsonObject? oldImageInspect, string image)
    {
        var id = containerInspect["Id"]?.GetValue<string>() ?? "";
        var shortId = id.Length >= 12 ? id[..12] : id;
        var body = (JsonObject)(containerInspect["Config"]?.DeepClone() ?? new JsonObject());
        body["Image"] = image;
        if (body["Hostname"]?.GetValue<string>() == shortId) body.Remove("Hostname");
        if (oldImageInspect?["Config"] is JsonObject imageDefaults) DropImageDefaults(body, imageDefaults);
        if (body["Env"] is JsonArray env && env.Any(e => e?.GetValue<string>() == "HOSTNAME=" + shortId))
        {
            // podman puts the engine-generated hostname into Env as well; the new container gets its own.
            body["Env"] = new JsonArray(env.Where(e => e?.GetValue<string>() != "HOSTNAME=" + shortId).Select(e => e?.DeepClone()).ToArray());
        }
        var hostConfig = (JsonObject)(containerInspect["HostConfig"]?.DeepClone() ?? new JsonObject());
        NormalizeUlimits(hostConfig);
        KeepAnonymousVolumes(containerInspect, hostConfig);
        body["HostConfig"] = hostConfig;

        var extra = new List<(string, JsonObject)>();
        var endpoints = new JsonObject();
        var networks = (containerInspect["NetworkSettings"] as JsonObject)?["Networks"] as JsonObject;
        // API < 1.44 takes one endpoint at create: the network of HostConfig.NetworkMode goes there (as the docker CLI
        // sends it), the others are connected after create.
        var networkMode = (containerInspect["HostConfig"] as JsonObject)?["NetworkMode"]?.GetValue<string>();
        var ordered = networks?.OrderBy(n => n.Key == networkMode ? 0 : 1).ThenBy(n => n.Key, StringComparer.Ordinal) ?? Enumerable.Empty<KeyValuePair<string, JsonNode?>>();
        foreach (var (name, value) in ordered)
        {
            var endpoint = Endpoint(value as JsonObject, shortId);
            if (endpoints.Count == 0) endpoints[name] = endpoint;
            else extra.Add((name, endpoint));
        }
        if (endpoints.Count > 0) body["NetworkingConfig"] = new JsonObject { ["EndpointsConfig"] = endpoints };
        return (body, extra);
    }

    /// <summary>
    /// podman's inspect names ulimits <c>RLIMIT_NOFILE</c> but its create only takes Docker's <c>nofile</c>
    /// (docker run --ulimit); dockerd already reports the short names.
    /// </summary>
    private static void NormalizeUlimits(JsonObject hostConfig)
    {
        foreach (var limit in (hostConfig["Ulimits"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (limit["Name"]?.GetValue<string>() is { } name && name.StartsWith("RLIMIT_", StringComparison.Ordinal))
                limit["Name"] = name["RLIMIT_".Length..].ToLowerInvariant();
        }
    }

    /// <summary>
    /// A volume the image declared (<c>VOLUME</c>) that the user did not name gets a fresh anonymous volume in a new
    /// container, which would leave the data behind. As <c>docker compose</c> does on recreate, each one the old
    /// container used is bound again by its generated name to the same destination (read-only stays read-only).
    /// </summary>
    private static void KeepAnonymousVolumes(JsonObject inspect, JsonObject hostConfig)
    {
        var binds = hostConfig["Binds"] as JsonArray ?? [];
        var taken = binds.Select(b => b?.GetValue<string>().Split(':') is { Length: >= 2 } parts ? parts[1] : null)
            .Concat((hostConfig["Mounts"] as JsonArray ?? []).Select(m => m?["Target"]?.GetValue<string>()))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var added = false;
        foreach (var mount in (inspect["Mounts"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (mount["Type"]?.GetValue<string>() != "volume" || mount["Name"]?.GetValue<string>() is not { Length: > 0 } name
                || mount["Destination"]?.GetValue<string>() is not { Length: > 0 } destination || !taken.Add(destination))
                continue;
            var readOnly = mount["RW"] is JsonValue rw && rw.TryGetValue<bool>(out var writable) && !writable;
            binds.Add((JsonNode?)JsonValue.Create($"{name}:{destination}{(readOnly ? ":ro" : "")}"));
            added = true;
        }
        if (added) hostConfig["Binds"] = binds;
    }

    private static JsonObject Endpoint(JsonObject? settings, string shortId)
    {
        var endpoint = new JsonObject();
        if (settings is null) return endpoint;
        foreach (var key in (string[])["IPAMConfig", "Links", "DriverOpts"])
        {
            if (settings[key] is { } v) endpoint[key] = v.DeepClone();
        }
        if (settings["Aliases"] is JsonArray aliases)
        {
            // The engine adds the short container id as an alias; the new container gets its own.
            var kept = new JsonArray();
            foreach (var a in aliases.Select(a => a?.GetValue<string>()).Where(a => a is not null && a != shortId)) kept.Add((JsonNode?)JsonValue.Create(a));
            if (kept.Count > 0) endpoint["Aliases"] = kept;
        }
        return endpoint;
    }

    private static void DropImageDefaults(JsonObject body, JsonObject image)
    {
        foreach (var key in (string[])["Cmd", "Entrypoint", "WorkingDir", "User", "Healthcheck", "StopSignal", "Shell"])
        {
            if (body[key] is { } v && image[key] is { } d && JsonNode.DeepEquals(v, d)) body.Remove(key);
        }
        if (body["Env"] is JsonArray env && image["Env"] is JsonArray imageEnv)
        {
            var defaults = imageEnv.Select(e => e?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var kept = new JsonArray();
            foreach (var e in env.Select(e => e?.GetValue<string>()).Where(e => e is not null && !defaults.Contains(e))) kept.Add((JsonNode?)JsonValue.Create(e));
            body["Env"] = kept;
        }
        foreach (var key in (string[])["Labels", "ExposedPorts", "Volumes"])
        {
            if (body[key] is not JsonObject mine || image[key] is not JsonObject theirs) continue;
            foreach (var (k, v) in theirs.ToList())
            {
                if (mine[k] is { } m && JsonNode.DeepEquals(m, v)) mine.Remove(k);
            }
        }
    }
}
