using Drydock.Images.FileSystem;

namespace Drydock.Inventory;

/// <summary>
/// Which layer installed each package of a single-file package database (apk <c>installed</c>, dpkg <c>status</c>):
/// every layer that installs anything rewrites the whole file, so the file's layer says only who wrote it last. A
/// package was installed by the lowest layer from which every version of the file, up to the visible one, lists it
/// with its current version: an upgrade starts a new run, a layer that installs something else does not. Trivy's
/// applier reaches the same answer by comparing the packages each layer's analysis found.
/// </summary>
internal static class InstalledLayers
{
    /// <summary>
    /// For each key of <paramref name="current"/> (the records of the visible version, key → version), the layer as
    /// above; <paramref name="read"/> parses one version of the file into key → version and may throw
    /// <see cref="IOException"/> (or <see cref="InvalidDataException"/>) on a damaged lower version, which ends the
    /// search there: its packages keep the layer of the version above it.
    /// </summary>
    public static Dictionary<string, int> Find(
        IReadOnlyList<FileVersion> versions, IReadOnlyDictionary<string, string> current,
        Func<Stream, IReadOnlyDictionary<string, string>> read)
    {
        var layers = new Dictionary<string, int>(StringComparer.Ordinal);
        if (versions.Count == 0) return layers;
        var top = versions[^1].LayerIndex;
        foreach (var key in current.Keys) layers[key] = top;
        var open = new HashSet<string>(current.Keys, StringComparer.Ordinal);
        for (var i = versions.Count - 2; i >= 0 && open.Count > 0; i--)
        {
            IReadOnlyDictionary<string, string> lower;
            try
            {
                using var stream = versions[i].OpenRead();
                lower = read(stream);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                break;
            }
            foreach (var key in open.ToList())
            {
                if (lower.TryGetValue(key, out var version) && version == current[key]) layers[key] = versions[i].LayerIndex;
                else open.Remove(key);
            }
        }
        return layers;
    }
}
