using System.Text.Json.Nodes;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>What the engine says after a drydock run, read with the docker CLI (the oracle, not Drydock's own reader).</summary>
internal static class EngineState
{
    /// <summary><c>docker inspect --type container NAME</c>.</summary>
    public static async Task<JsonNode> InspectAsync(Func<string[], Task<string>> docker, string name) =>
        JsonNode.Parse(await docker(["inspect", "--type", "container", name]))!.AsArray().Single()!;

    /// <summary>Names of the containers whose name starts with <paramref name="prefix"/> (running or not), sorted.</summary>
    public static async Task<string[]> ContainerNamesAsync(Func<string[], Task<string>> docker, string prefix) =>
        (await docker(["ps", "-a", "--format", "{{.Names}}"])).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Files of updates in progress under a state directory, of every engine (<c>engines/KEY/updates/NAME.json</c>).</summary>
    public static string[] PendingFiles(string stateDir)
    {
        var engines = Path.Combine(stateDir, "engines");
        return !Directory.Exists(engines) ? []
            : Directory.GetDirectories(engines).Select(e => Path.Combine(e, "updates")).Where(Directory.Exists)
                .SelectMany(Directory.GetFiles).Order(StringComparer.Ordinal).ToArray();
    }
}
