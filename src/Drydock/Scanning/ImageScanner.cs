using Drydock.Bases;
using Drydock.Controls;
using Drydock.Controls.Trust;
using Drydock.Freshness;
using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Inventory;
using Drydock.Scanning.Cache;
using Drydock.Scanning.Gate;
using Drydock.Scanning.Pipeline;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.Scanning;

/// <summary>
/// The library's entry point (DESIGN.md §2), assembled once from explicit <see cref="ScannerParts"/> and called per
/// image: target → image → layers (each read once, or taken from the layer cache) → squashed filesystem → inventory →
/// findings (re-matched against today's database on every run) → controls → gate → <see cref="ScanReport"/>. It uses
/// nothing but its parts, so concurrent scans on one scanner are independent. Disposing it releases the registry
/// services it was built with.
/// </summary>
public sealed class ImageScanner(ScannerParts parts) : IDisposable
{
    private readonly ScannerParts _parts = parts ?? throw new ArgumentNullException(nameof(parts));

    /// <summary>Opens <see cref="ScanRequest.Target"/> through the parts and scans it.</summary>
    public async Task<ScanReport> ScanAsync(ScanRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        // With nothing cached every layer is read: the opener may ask for the first ones beside the config (a registry).
        var firstReads = _parts.LayerCacheEmpty() ? (FirstLayerReads)LayerReader.FirstWalks : null;
        await using var image = await _parts.Images.OpenAsync(request.Target, request.Platform, request.Progress, firstReads, ct);
        return await ScanAsync(image, request, ct);
    }

    /// <summary>
    /// What a layer record must have been read for to serve a run (the layer-cache key): the OS detector, the assembled
    /// analyzers and, when controls run, the assembled controls (<see cref="CacheKeys.Interests"/>).
    /// </summary>
    public IReadOnlyList<string> LayerInterests(bool runControls) => CacheKeys.Interests(_parts.Analyzers, runControls ? _parts.Controls : []);

    /// <summary>Scans an image the caller opened (and disposes); <see cref="ScanRequest.Target"/> says where it came from.</summary>
    public async Task<ScanReport> ScanAsync(IImage image, ScanRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(request);
        var analyzers = _parts.Analyzers;
        var controls = request.RunControls ? _parts.Controls : [];
        IReadOnlyList<IFileInterest> interests = [Analyzers.Os, .. analyzers, .. controls];
        var catalog = _parts.BaseCatalog();
        var annotations = image.Manifest.Annotations ?? new Dictionary<string, string>();
        // Walk warnings (a skipped entry, a file over the read bound) become coverage gaps, said once at the end. The
        // walks start first; the registry questions (freshness, the base, signatures and the channel) need only the
        // manifest and config, so they are asked while the layers are read, and stopped if the scan fails.
        var fsTask = LayerReader.ReadAsync(image, interests, LayerInterests(request.RunControls), _parts.LayerCache, request.Progress, ct);
        using var asking = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var freshnessTask = RegistryStages.FreshnessAsync(_parts.Registry, request, image, catalog, asking.Token);
        var baseWarnings = new List<string>();
        var baseTask = BaseAsync(image, request, annotations, catalog, baseWarnings, asking.Token);
        var signaturesTask = request.RunControls ? RegistryStages.SignaturesAsync(_parts.Registry, request, image, asking.Token) : null;
        try
        {
            return await ScanAsync(image, request, fsTask, freshnessTask, baseTask, signaturesTask, annotations, baseWarnings, ct);
        }
        finally
        {
            // A scan that failed (or was cancelled) leaves no registry question running behind it.
            Task[] asked = [freshnessTask, baseTask, .. signaturesTask is null ? [] : new Task[] { signaturesTask }];
            if (asked.Any(t => !t.IsCompleted))
            {
                await asking.CancelAsync();
                await Task.WhenAll(asked).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<ScanReport> ScanAsync(IImage image, ScanRequest request, Task<FileSystemView> fsTask,
        Task<(FreshnessResult Result, string? Failure)> freshnessTask,
        Task<(BaseImageIdentification?, TrustedBaseSearch?, TrustedChainDivergence?)> baseTask,
        Task<SignatureVerification>? signaturesTask, IReadOnlyDictionary<string, string> annotations, List<string> baseWarnings, CancellationToken ct)
    {
        var analyzers = _parts.Analyzers;
        var controls = request.RunControls ? _parts.Controls : [];
        var fs = await fsTask;
        LayerStageEnd.Release();
        request.Progress.Report("inventory", image.Source, 0, null);
        var inventory = InventoryBuilder.Build(fs, analyzers, ct);
        MemoryTrace.Log("inventory built");

        request.Progress.Report("match", image.Source, 0, null);
        MatchResult? match = null;
        DatabaseSummary? database = null;
        IReadOnlyList<CoverageTarget>? targets = null;
        bool endOfLife;
        // One open of the database for matching, coverage and end-of-life data (the endoflife feed, else the built-in table).
        using (var advisories = request.MatchVulnerabilities ? _parts.Advisories?.Invoke() : null)
        {
            if (advisories is not null)
            {
                match = VulnerabilityScanner.MatchAll(inventory, advisories.Store, _parts.Matchers);
                database = advisories.Summary;
                targets = CoverageAssessor.Targets(inventory, advisories.Store, _parts.Matchers);
            }
            endOfLife = OsLifecycle.IsEndOfLife(inventory.Os, _parts.Clock, advisories?.Lifecycle);
        }
        IReadOnlyList<Finding> findings = match?.Findings ?? [];

        var (freshness, freshnessFailure) = await freshnessTask;
        var coverage = CoverageAssessor.Assess(inventory, targets, match, fs.Warnings, freshnessFailure);
        var (gatedFindings, gateWarnings) = GateEvaluator.Filter(findings, inventory, request.Gate, _parts.Clock);
        var (baseImage, baseSearch, divergence) = await baseTask;
        var context = new ControlContext
        {
            Config = image.Config,
            ConfigMediaType = image.Manifest.Config.MediaType,
            FileSystem = fs,
            Inventory = inventory,
            Policy = request.Policy,
            Reference = image.Reference,
            ManifestDigest = image.ManifestDigest,
            ManifestAnnotations = annotations,
            BaseImage = baseImage,
            BaseSearch = baseSearch,
            BaseDivergence = divergence,
            Signatures = signaturesTask is null ? null : await signaturesTask,
            Findings = database is null ? null : gatedFindings,
            DatabaseBuiltAt = database?.BuiltAt,
            Freshness = freshness.Report,
            FreshnessSkipReason = freshness.SkipReason,
        };
        var controlResults = ControlRunner.Run(context, controls);
        MemoryTrace.Log("controls run");
        var gate = GateEvaluator.Decide(gatedFindings, controlResults, inventory, endOfLife, image.Config.Created, request.Gate, _parts.Clock, coverage);
        return new ScanReport
        {
            ToolVersion = ToolInfo.Version,
            GeneratedAt = _parts.Clock.GetUtcNow(),
            Image = ImageSummaries.Summarize(image, context.BaseImage),
            Inventory = inventory,
            Findings = Sort(gatedFindings),
            Controls = controlResults,
            Database = database,
            Gate = gate,
            Freshness = freshness.Report,
            Coverage = coverage,
            Warnings = [.. gateWarnings, .. baseWarnings],
        };
    }

    public void Dispose() => _parts.Registry?.Dispose();

    /// <summary>
    /// The base from annotation, label or catalogue (the annotated base looked up when it is not catalogued; a lookup
    /// that fails leaves a warning in <paramref name="warnings"/>); when that is not a trusted one, the trusted
    /// repositories' tags are discovered and compared too (their notes join the warnings), and an untrusted or unknown
    /// base gets the layer where the chain leaves every trusted base.
    /// </summary>
    private async Task<(BaseImageIdentification?, TrustedBaseSearch?, TrustedChainDivergence?)> BaseAsync(
        IImage image, ScanRequest request, IReadOnlyDictionary<string, string> annotations, IReadOnlyList<BaseCatalogEntry> catalog,
        List<string> warnings, CancellationToken ct)
    {
        catalog = await RegistryStages.WithAnnotatedBaseAsync(_parts.Registry, request, catalog, image, annotations, warnings, ct);
        var labels = image.Config.Config?.Labels;
        var diffIds = image.Layers.Select(l => l.DiffId.ToString()).ToList();
        var identified = BaseImageIdentifier.Identify(annotations, labels, diffIds, catalog, request.Policy);
        var search = await RegistryStages.TrustedBasesAsync(_parts.Registry, request, image, identified, ct);
        if (search is { Entries.Count: > 0 })
        {
            catalog = [.. catalog, .. search.Entries];
            identified = BaseImageIdentifier.Identify(annotations, labels, diffIds, catalog, request.Policy);
        }
        warnings.AddRange(search?.Notes ?? []);
        var divergence = !request.RunControls || identified is { Trusted: true } ? null
            : TrustedChainDivergence.Find(diffIds, image.Layers.Select(l => l.Descriptor.Digest.ToString()).ToList(), catalog, request.Policy);
        return (identified, search, divergence);
    }

    private static IReadOnlyList<Finding> Sort(IReadOnlyList<Finding> findings) =>
        findings.OrderByDescending(f => f.Severity)
            .ThenBy(f => f.VulnerabilityId, StringComparer.Ordinal)
            .ThenBy(f => f.PackagePurl, StringComparer.Ordinal)
            .ToList();
}
