using System.Text.Json;
using System.Text.Json.Nodes;

namespace Drydock.Hosts.Update;

/// <summary>
/// Keeps one engine's update state under the state directory (default <c>/var/lib/drydock</c>), in
/// <c>engines/&lt;engine key&gt;/</c> (<see cref="EngineIdentity.Key"/>): <c>updates/&lt;name&gt;.json</c> for an update in
/// progress (the backout point), <c>history/&lt;name&gt;.json</c> for completed updates (what <c>host rollback</c> returns
/// to). Two engines with a container of the same name never share a record. Records of older versions, kept by name
/// alone directly under the state directory, are only read through <see cref="LegacyStateAdoption"/>. Every write goes to
/// a temp file that is flushed and renamed into place, so a crash leaves either the old or the new state, never half of one.
/// </summary>
public sealed partial class UpdateStateStore
{
    public const string DefaultDirectory = "/var/lib/drydock";

    public UpdateStateStore(string root, EngineIdentity engine)
    {
        Root = root;
        Engine = engine;
        Directory = System.IO.Path.Combine(root, "engines", engine.Key);
    }

    /// <summary>The state directory as given (<c>--state-dir</c>).</summary>
    public string Root { get; }

    public EngineIdentity Engine { get; }

    /// <summary>This engine's folder under <see cref="Root"/>.</summary>
    public string Directory { get; }

    /// <summary>Identifies the engine (<c>/info</c>) and opens its state; with <paramref name="adoptLegacy"/>, records of older versions proved to be this engine's are moved in first.</summary>
    public static async Task<UpdateStateStore> OpenAsync(IDockerEngine engine, string root, IProgressSink progress, bool adoptLegacy, CancellationToken ct)
    {
        var store = new UpdateStateStore(root, await engine.IdentifyAsync(ct));
        await LegacyStateAdoption.RunAsync(engine, store, progress, adoptLegacy, ct);
        return store;
    }

    /// <summary>The file of <paramref name="containerName"/>'s update in progress (for messages).</summary>
    public string PendingPath(string containerName) => PathFor("updates", containerName);

    public void Save(UpdateState state) => Write(PathFor("updates", state.ContainerName), ToJson(state with { EngineKey = Engine.Key }));

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
        var history = History(completed.ContainerName).Append(completed with { EngineKey = Engine.Key }).TakeLast(20).ToList();
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

    /// <summary>Records of older versions directly under <see cref="Root"/> (<c>updates/</c> or <c>history/</c>): container name → file.</summary>
    internal IReadOnlyList<(string Name, string Path)> LegacyFiles(string kind)
    {
        var dir = System.IO.Path.Combine(Root, kind);
        if (!System.IO.Directory.Exists(dir)) return [];
        return System.IO.Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal)
            .Select(p => (System.IO.Path.GetFileNameWithoutExtension(p), p)).ToList();
    }

    /// <summary>Reads a legacy record file: one state (<c>updates/</c>) or an array of them (<c>history/</c>).</summary>
    internal static IReadOnlyList<UpdateState> ReadLegacy(string path) =>
        Read(path) is JsonArray array ? array.Select(n => FromJson(n!)).ToList() : [FromJson(Read(path))];

    /// <summary>Moves a legacy file into this engine's folder; false (and nothing moved) when the engine already has a record of that name.</summary>
    internal bool Adopt(string kind, string name, string legacyPath)
    {
        var target = PathFor(kind, name);
        if (File.Exists(target)) return false;
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.Move(legacyPath, target);
        return true;
    }

    internal string PathFor(string kind, string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
            throw new DrydockException($"invalid container name '{name}' for a state file");
        return System.IO.Path.Combine(Directory, kind, name + ".json");
    }

    internal static JsonNode Read(string path)
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

    internal static void Write(string path, JsonNode node)
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
        ["engineKey"] = s.EngineKey,
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
        EngineKey = n["engineKey"]?.GetValue<string>(),
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
