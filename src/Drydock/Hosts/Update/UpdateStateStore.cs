using System.Text.Json;
using System.Text.Json.Nodes;

namespace Drydock.Hosts.Update;

/// <summary>
/// Keeps update state under the state directory (default <c>/var/lib/drydock</c>): <c>updates/&lt;name&gt;.json</c> for
/// an update in progress (the backout point), <c>history/&lt;name&gt;.json</c> for completed updates (what
/// <c>host rollback</c> returns to). Every write goes to a temp file that is flushed and renamed into place, so a crash
/// leaves either the old or the new state, never half of one.
/// </summary>
public sealed class UpdateStateStore(string directory)
{
    public const string DefaultDirectory = "/var/lib/drydock";

    public string Directory { get; } = directory;

    public void Save(UpdateState state) => Write(PathFor("updates", state.ContainerName), ToJson(state));

    public UpdateState? Load(string containerName)
    {
        var path = PathFor("updates", containerName);
        return File.Exists(path) ? FromJson(Read(path)) : null;
    }

    /// <summary>Updates interrupted by a crash, oldest first.</summary>
    public IReadOnlyList<UpdateState> Pending()
    {
        var dir = System.IO.Path.Combine(Directory, "updates");
        if (!System.IO.Directory.Exists(dir)) return [];
        return System.IO.Directory.GetFiles(dir, "*.json").Select(p => FromJson(Read(p))).OrderBy(s => s.StartedAt).ToList();
    }

    public void Delete(string containerName) => File.Delete(PathFor("updates", containerName));

    /// <summary>Appends a completed update (the state as it was when the new container proved healthy).</summary>
    public void AppendHistory(UpdateState completed)
    {
        var history = History(completed.ContainerName).Append(completed).TakeLast(20).ToList();
        var array = new JsonArray();
        foreach (var h in history) array.Add((JsonNode)ToJson(h));
        Write(PathFor("history", completed.ContainerName), array);
    }

    public IReadOnlyList<UpdateState> History(string containerName)
    {
        var path = PathFor("history", containerName);
        if (!File.Exists(path)) return [];
        return Read(path).AsArray().Select(n => FromJson(n!)).ToList();
    }

    private string PathFor(string kind, string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
            throw new DrydockException($"invalid container name '{name}' for a state file");
        return System.IO.Path.Combine(Directory, kind, name + ".json");
    }

    private static JsonNode Read(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new DrydockException($"state file '{path}' is damaged ({e.Message}); inspect it and remove it to continue");
        }
    }

    private static void Write(string path, JsonNode node)
    {
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        SafeFileWriter.Write(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            node.WriteTo(writer);
        });
    }

    private static JsonObject ToJson(UpdateState s) => new()
    {
        ["containerName"] = s.ContainerName,
        ["oldContainerId"] = s.OldContainerId,
        ["oldImageId"] = s.OldImageId,
        ["imageReference"] = s.ImageReference,
        ["newImageId"] = s.NewImageId,
        ["newContainerId"] = s.NewContainerId,
        ["wasRunning"] = s.WasRunning,
        ["phase"] = s.Phase.ToString(),
        ["startedAt"] = s.StartedAt.ToString("O"),
        ["oldInspect"] = s.OldInspect.DeepClone(),
        ["oldImageInspect"] = s.OldImageInspect?.DeepClone(),
        ["configSource"] = s.ConfigSource?.DeepClone(),
        ["configSourceImage"] = s.ConfigSourceImage?.DeepClone(),
    };

    private static UpdateState FromJson(JsonNode n) => new()
    {
        ContainerName = n["containerName"]!.GetValue<string>(),
        OldContainerId = n["oldContainerId"]!.GetValue<string>(),
        OldImageId = n["oldImageId"]!.GetValue<string>(),
        ImageReference = n["imageReference"]!.GetValue<string>(),
        NewImageId = n["newImageId"]!.GetValue<string>(),
        NewContainerId = n["newContainerId"]?.GetValue<string>(),
        WasRunning = n["wasRunning"]?.GetValue<bool>() ?? false,
        Phase = Enum.Parse<UpdatePhase>(n["phase"]!.GetValue<string>()),
        StartedAt = DateTimeOffset.Parse(n["startedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
        OldInspect = (JsonObject)n["oldInspect"]!.DeepClone(),
        OldImageInspect = n["oldImageInspect"]?.DeepClone() as JsonObject,
        ConfigSource = n["configSource"]?.DeepClone() as JsonObject,
        ConfigSourceImage = n["configSourceImage"]?.DeepClone() as JsonObject,
    };
}
