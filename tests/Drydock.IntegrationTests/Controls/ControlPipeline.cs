using Drydock.Bases;
using Drydock.Controls;
using Drydock.Policy;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Images.Sources.Registry;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.Inventory;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// What a scan does for the controls, through the library: open the image from the real registry, walk its layers
/// once for analyzers and controls, build the inventory, identify the base, fetch and verify signatures, run the catalogue.
/// </summary>
internal static class ControlPipeline
{
    public static async Task<IReadOnlyDictionary<string, ControlResult>> RunAsync(
        string reference, RegistryClientOptions options, DrydockPolicy policy, IReadOnlyList<BaseCatalogEntry>? catalog = null)
    {
        var parsed = ImageReference.Parse(reference);
        var open = new ImageOpenOptions { InsecureRegistries = options.InsecureRegistries, TempDirectory = TestRoot.Sub("tmp") };
        await using var image = await new RegistryImageSource(parsed, reference, options).OpenAsync(open, CancellationToken.None);
        IReadOnlyList<IFileInterest> interests = [.. Analyzers.FileInterests, .. ControlCatalog.All];
        var files = await LayerWalker.WalkAsync(image, interests, LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);
        var inventory = InventoryBuilder.Build(files, Analyzers.All, CancellationToken.None);
        using var client = new RegistryClient(parsed.Registry, options);
        var annotations = image.Manifest.Annotations ?? new Dictionary<string, string>();
        var context = new ControlContext
        {
            Config = image.Config,
            FileSystem = files,
            Inventory = inventory,
            Policy = policy,
            Reference = image.Reference,
            ConfigMediaType = image.Manifest.Config.MediaType,
            ManifestDigest = image.ManifestDigest,
            ManifestAnnotations = annotations,
            BaseImage = BaseImageIdentifier.Identify(annotations, image.Config.Config?.Labels,
                image.Layers.Select(l => l.DiffId.ToString()).ToList(), catalog ?? [], policy),
            Signatures = await ImageSignatures.VerifyAsync(image.Reference, image.ManifestDigest, policy, client, CancellationToken.None),
        };
        return ControlRunner.Run(context).ToDictionary(r => r.Id);
    }
}
