namespace Drydock.Tests.Architecture;

/// <summary>
/// The allowed dependencies between the top-level folders of src/Drydock (docs/architecture.md states the same
/// table). Every folder may use the root namespace (<c>DrydockException</c>, <c>SafeFileWriter</c>, <c>Glob</c>…);
/// anything not listed is forbidden. The table itself must have no loop.
/// </summary>
internal static class FolderRules
{
    public static IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Model"] = [],
        ["Images"] = [],
        ["Policy"] = ["Model", "Images"],
        ["Inventory"] = ["Images"],
        ["Vulnerabilities"] = ["Model", "Images", "Inventory"],
        ["Bases"] = ["Images", "Policy"],
        ["Freshness"] = ["Model", "Images", "Policy", "Bases"],
        ["Controls"] = ["Model", "Images", "Policy", "Inventory", "Vulnerabilities", "Bases", "Freshness"],
        ["Scanning"] = ["Model", "Images", "Policy", "Inventory", "Vulnerabilities", "Bases", "Freshness", "Controls"],
        ["Hosts"] = ["Model", "Images", "Policy", "Inventory", "Vulnerabilities", "Bases", "Freshness", "Controls", "Scanning"],
        ["Reports"] = ["Model", "Images", "Policy", "Inventory", "Vulnerabilities", "Bases", "Freshness", "Controls", "Scanning", "Hosts"],
    };

    /// <summary>A loop in a folder graph, as <c>A → B → A</c>; null when the graph has none.</summary>
    public static string? FindLoop(IReadOnlyDictionary<string, string[]> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        var path = new List<string>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
            if (Visit(start) is { } loop) return loop;
        return null;

        string? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2) return null;
            if (state.GetValueOrDefault(node) == 1)
                return string.Join(" → ", path.Skip(path.IndexOf(node)).Append(node));
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
                if (Visit(next) is { } loop) return loop;
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    /// <summary>The folders <paramref name="folder"/> must not use: every other folder not in its allowed list.</summary>
    public static string[] Forbidden(IReadOnlyDictionary<string, string[]> graph, string folder) =>
        graph.Keys.Where(f => f != folder && !graph[folder].Contains(f, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToArray();
}
