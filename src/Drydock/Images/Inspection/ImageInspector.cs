using Drydock.Images.FileSystem;

namespace Drydock.Images.Inspection;

/// <summary>
/// Builds an <see cref="ImageInspection"/> from an opened image. History steps that are not
/// <c>empty_layer</c> map, in order, onto the layers (image-spec config.md "history"); a step beyond the last layer
/// (a broken config) maps to none.
/// </summary>
public static class ImageInspector
{
    public static ImageInspection Inspect(IImage image, IFileSystemView? files = null) =>
        Inspect(image, files?.Entries.Select(e => new InspectedFile
        {
            Path = e.Path,
            Mode = e.ModeString,
            Uid = e.Uid,
            Gid = e.Gid,
            Size = e.Size,
            LinkTarget = e.LinkTarget,
            Layer = e.LayerIndex,
        }).ToList());

    /// <summary>The inspection with <paramref name="listing"/> as its file list (null: not asked for), not copied.</summary>
    public static ImageInspection Inspect(IImage image, IEnumerable<InspectedFile>? listing)
    {
        ArgumentNullException.ThrowIfNull(image);
        var c = image.Config.Config;
        var config = new InspectedConfig
        {
            User = c?.User,
            WorkingDir = c?.WorkingDir,
            Entrypoint = c?.Entrypoint,
            Cmd = c?.Cmd,
            Env = c?.Env ?? [],
            ExposedPorts = Sorted(c?.ExposedPorts?.Keys),
            Volumes = Sorted(c?.Volumes?.Keys),
            StopSignal = c?.StopSignal,
            Healthcheck = c?.Healthcheck is { } h
                ? new InspectedHealthcheck { Test = h.Test, Interval = h.Interval, Timeout = h.Timeout, StartPeriod = h.StartPeriod, Retries = h.Retries }
                : null,
            Labels = new SortedDictionary<string, string>(
                c?.Labels?.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal) ?? [], StringComparer.Ordinal),
        };
        return new ImageInspection
        {
            Source = image.Source,
            Reference = image.Reference?.ToString(),
            Digest = image.ManifestDigest?.ToString(),
            Id = image.Id.ToString(),
            Platform = image.Config.Platform.ToString(),
            Created = image.Config.Created,
            Author = image.Config.Author,
            ManifestMediaType = image.Manifest.MediaType,
            Config = config,
            Layers = [.. image.Layers.Select(l => new InspectedLayer
            {
                Index = l.Index,
                Digest = l.Descriptor.Digest,
                DiffId = l.DiffId.ToString(),
                Size = l.Descriptor.Size,
                MediaType = l.Descriptor.MediaType,
            })],
            History = History(image.Config.History ?? [], image.Layers.Count),
            Files = listing,
        };
    }

    private static List<InspectedHistoryStep> History(IReadOnlyList<HistoryEntry> history, int layerCount)
    {
        var steps = new List<InspectedHistoryStep>(history.Count);
        var layer = 0;
        for (var i = 0; i < history.Count; i++)
        {
            var h = history[i];
            int? made = null;
            if (!h.EmptyLayer && layer < layerCount) made = layer++;
            steps.Add(new InspectedHistoryStep
            {
                Index = i,
                Created = h.Created,
                CreatedBy = h.CreatedBy,
                Comment = h.Comment,
                EmptyLayer = h.EmptyLayer,
                Layer = made,
            });
        }
        return steps;
    }

    private static List<string> Sorted(IEnumerable<string>? keys) => keys?.Order(StringComparer.Ordinal).ToList() ?? [];
}
