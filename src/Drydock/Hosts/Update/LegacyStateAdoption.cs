namespace Drydock.Hosts.Update;

/// <summary>
/// Records of Drydock versions that kept update state by container name alone (<c>&lt;state-dir&gt;/updates/NAME.json</c>,
/// <c>history/NAME.json</c>) say nothing of their engine, and two engines may both have a container of that name. Such a
/// record is moved into an engine's folder only when it is proved to be that engine's: the engine has a container with a
/// full 64-hex id the record names (the parked old container of an update in progress; the old or new container of a
/// completed one), ids no other engine can have. Any other legacy record is reported and left where it is, untouched.
/// </summary>
internal static class LegacyStateAdoption
{
    public static async Task RunAsync(IDockerEngine engine, UpdateStateStore store, IProgressSink progress, bool adopt, CancellationToken ct)
    {
        foreach (var kind in (string[])["updates", "history"])
        {
            foreach (var (name, path) in store.LegacyFiles(kind))
            {
                IReadOnlyList<UpdateState> records;
                try
                {
                    records = UpdateStateStore.ReadLegacy(path);
                }
                catch (DrydockException e)
                {
                    progress.Warn($"{engine.Host}: legacy state file {path} left alone: {e.Message}");
                    continue;
                }
                var ids = kind == "updates"
                    ? records.Select(r => r.OldContainerId)
                    : records.SelectMany(r => (string?[])[r.OldContainerId, r.NewContainerId]);
                if (!await HasAnyAsync(engine, ids.OfType<string>().Distinct(StringComparer.Ordinal), ct))
                {
                    progress.Warn($"{engine.Host}: legacy state file {path} (container '{name}', from a version that kept state by name only) " +
                                  "names no container of this engine: left alone");
                    continue;
                }
                if (!adopt)
                {
                    progress.Warn($"{engine.Host}: legacy state file {path} belongs to this engine and would be moved to {store.Directory}");
                    continue;
                }
                if (store.Adopt(kind, name, path)) progress.Warn($"{engine.Host}: legacy state file {path} belongs to this engine: moved to {store.Directory}");
                else progress.Warn($"{engine.Host}: legacy state file {path} belongs to this engine, which already has a {kind} record of '{name}': left alone");
            }
        }
    }

    /// <summary>True when the engine has a container whose full id is one of <paramref name="ids"/> (a name that happens to look like an id does not count).</summary>
    internal static async Task<bool> HasAnyAsync(IDockerEngine engine, IEnumerable<string> ids, CancellationToken ct)
    {
        foreach (var id in ids.Where(i => i.Length == 64 && i.All(char.IsAsciiHexDigitLower)))
        {
            if ((await engine.InspectContainerAsync(id, ct))?["Id"]?.GetValue<string>() == id) return true;
        }
        return false;
    }
}
