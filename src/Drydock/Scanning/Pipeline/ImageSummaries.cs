using Drydock.Bases;
using Drydock.Images;

namespace Drydock.Scanning.Pipeline;

/// <summary>The report's identity and metadata of the scanned image (<see cref="ImageSummary"/>).</summary>
internal static class ImageSummaries
{
    public static ImageSummary Summarize(IImage image, BaseImageIdentification? baseImage)
    {
        var history = HistorySteps.Map(image.Config);
        return new ImageSummary
        {
            Target = image.Source,
            Reference = image.Reference?.ToString(),
            ManifestDigest = image.ManifestDigest?.ToString(),
            Id = image.Id.ToString(),
            Platform = image.Config.Platform.ToString(),
            Created = image.Config.Created,
            Config = image.Config,
            Layers = image.Layers.Select(l => new LayerSummary(l.Index, l.Descriptor.Digest, l.DiffId.ToString(), l.Descriptor.Size, l.Descriptor.MediaType,
                history.FirstOrDefault(h => h.LayerIndex == l.Index)?.CreatedBy)).ToList(),
            BaseImage = baseImage,
        };
    }
}
