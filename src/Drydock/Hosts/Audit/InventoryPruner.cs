using System.Text.RegularExpressions;

namespace Drydock.Hosts.Audit;

/// <summary>
/// Removes stored inventories (<see cref="StoredInventories"/>) by age (not used for longer than a bound) and by count
/// (at most N per engine, least recently used first). Only ever deletes files named as the store names them
/// (<c>&lt;id&gt;.json</c>) directly inside an engine folder directly inside the store's directory; symbolic links,
/// other files and anything deeper are left alone, and a store directory that is itself a link is refused, so nothing
/// outside <c>&lt;cache&gt;/host-inventories/</c> can be touched.
/// </summary>
public sealed partial class InventoryPruner(string directory, TimeProvider clock)
{
    /// <summary>What a prune removed and kept.</summary>
    public sealed record Result(int Removed, long RemovedBytes, int Kept, int Engines);

    /// <summary>Prunes every engine folder; <paramref name="olderThan"/> and <paramref name="keepPerEngine"/> may each be null (no bound).</summary>
    public Result Prune(TimeSpan? olderThan, int? keepPerEngine)
    {
        if (!System.IO.Directory.Exists(directory)) return new Result(0, 0, 0, 0);
        RefuseLink(directory);
        var total = new Result(0, 0, 0, 0);
        foreach (var engine in new DirectoryInfo(directory).EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (engine.LinkTarget is not null) continue;
            var r = PruneEngine(engine.Name, olderThan, keepPerEngine);
            total = new Result(total.Removed + r.Removed, total.RemovedBytes + r.RemovedBytes, total.Kept + r.Kept, total.Engines + 1);
        }
        return total;
    }

    /// <summary>Prunes one engine's folder (<see cref="EngineIdentity.Key"/>); an emptied folder is removed too.</summary>
    public Result PruneEngine(string engineKey, TimeSpan? olderThan, int? keepPerEngine)
    {
        if (engineKey.Length == 0 || engineKey.Contains('/', StringComparison.Ordinal) || engineKey is "." or "..")
            throw new ArgumentException($"'{engineKey}' is not an engine key", nameof(engineKey));
        var folder = new DirectoryInfo(Path.Combine(directory, engineKey));
        if (!folder.Exists || folder.LinkTarget is not null) return new Result(0, 0, 0, 0);
        RefuseLink(directory);
        var records = folder.EnumerateFiles("*.json")
            .Where(f => f.LinkTarget is null && RecordName().IsMatch(f.Name))
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var cutoff = olderThan is { } age ? clock.GetUtcNow().UtcDateTime - age : DateTime.MinValue;
        var removed = 0;
        var bytes = 0L;
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].LastWriteTimeUtc >= cutoff && (keepPerEngine is not { } keep || i < keep)) continue;
            try
            {
                var length = records[i].Length;
                records[i].Delete();
                removed++;
                bytes += length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another process may be reading or replacing it; the next prune tries again
            }
        }
        if (removed > 0 && !folder.EnumerateFileSystemInfos().Any())
        {
            try
            {
                folder.Delete(recursive: false);
            }
            catch (IOException)
            {
                // a record was stored meanwhile
            }
        }
        return new Result(removed, bytes, records.Count - removed, 1);
    }

    private static void RefuseLink(string path)
    {
        if (new DirectoryInfo(path).LinkTarget is not null)
            throw new DrydockException($"{path} is a symbolic link: stored inventories are pruned only in a real directory");
    }

    /// <summary>The names <see cref="StoredInventories"/> gives records: the image id with ':' as '-', or <c>h-</c> and a sha256.</summary>
    [GeneratedRegex("^[a-z0-9-]{1,80}\\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordName();
}
