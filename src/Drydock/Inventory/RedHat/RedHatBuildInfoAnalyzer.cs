using Drydock.Images.FileSystem;
using Drydock.Inventory.OsRelease;

namespace Drydock.Inventory.RedHat;

/// <summary>
/// What each layer of a Red Hat (RHEL, UBI, CentOS) image says about its build: the content sets of the content
/// manifests it wrote (<see cref="ContentManifestParser"/>) and the NVR and arch of its build Dockerfile
/// (<see cref="BuildInfoDockerfileParser"/>). It finds no packages; <see cref="InventoryBuilder"/> hands each rpm the
/// build info of its layer (<see cref="RedHatBuildInfoLayers"/>), as Trivy's applier does. A layer is the one that
/// wrote the file, not the manifest's own <c>image_layer_index</c>: that index is counted in the image that Red Hat
/// built, which a later build on top or a squash renumbers, while the file's layer is always this image's. Several
/// manifests in one layer (a squashed image) pool their content sets. A damaged file is a warning with path and layer.
/// </summary>
internal sealed class RedHatBuildInfoAnalyzer : IAnalyzer
{
    private const string BuildInfoDirectory = "root/buildinfo/";
    private const string ManifestDirectory = BuildInfoDirectory + "content_manifests/";

    // Content manifests list every rpm of the layer; a few MB at most. Bound what a hostile image can make us keep.
    private const long MaxFileSize = 32L << 20;

    public string Id => "redhat-buildinfo";

    public int Version => 1;

    /// <summary>The OS families whose Red Hat data is scoped by these (Red Hat's own images and CentOS).</summary>
    public static bool AppliesTo(OsInfo os) => Distros.Find(os.Family) is { CpeScoped: true };

    public bool Wants(string path, long size, int mode) => size <= MaxFileSize && (IsManifest(path) || IsDockerfile(path));

    public AnalyzerResult Analyze(AnalysisContext context)
    {
        if (!AppliesTo(context.Os)) return AnalyzerResult.Empty;
        var fs = context.FileSystem;
        var byLayer = new SortedDictionary<int, RedHatBuildInfo>();
        var warnings = new List<InventoryWarning>();
        foreach (var entry in fs.Entries)
        {
            if (entry.Kind != FileKind.File || !(IsManifest(entry.Path) || IsDockerfile(entry.Path)) || !fs.HasContent(entry.Path)) continue;
            var info = byLayer.GetValueOrDefault(entry.LayerIndex) ?? new RedHatBuildInfo();
            try
            {
                using var stream = fs.OpenRead(entry.Path);
                if (IsManifest(entry.Path))
                {
                    var manifest = ContentManifestParser.Parse(stream);
                    info = info with { ContentSets = [.. info.ContentSets.Union(manifest.ContentSets, StringComparer.Ordinal).Order(StringComparer.Ordinal)] };
                }
                else
                {
                    using var reader = new StreamReader(stream);
                    var build = BuildInfoDockerfileParser.Parse(reader, entry.Path[BuildInfoDirectory.Length..]);
                    if (build is not { } b)
                    {
                        warnings.Add(new InventoryWarning(entry.Path, entry.LayerIndex, "no com.redhat.component and architecture labels"));
                        continue;
                    }
                    info = info with { Nvr = b.Nvr, Arch = b.Arch };
                }
            }
            catch (InvalidDataException e)
            {
                warnings.Add(new InventoryWarning(entry.Path, entry.LayerIndex, e.Message));
                continue;
            }
            byLayer[entry.LayerIndex] = info;
        }
        return new AnalyzerResult { BuildInfoByLayer = byLayer, Warnings = warnings };
    }

    private static bool IsManifest(string path) =>
        path.StartsWith(ManifestDirectory, StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal)
        && path.IndexOf('/', ManifestDirectory.Length) < 0;

    private static bool IsDockerfile(string path) =>
        path.StartsWith(BuildInfoDirectory + "Dockerfile-", StringComparison.Ordinal) && path.IndexOf('/', BuildInfoDirectory.Length) < 0;
}
