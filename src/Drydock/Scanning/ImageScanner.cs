using Drydock.Bases;
using Drydock.Controls;
using Drydock.Controls.Trust;
using Drydock.Freshness;
using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Images.Sources;
using Drydock.Inventory;
using Drydock.Scanning.Cache;
using Drydock.Scanning.Gate;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.Scanning;

/// <summary>
/// The library's entry point (DESIGN.md §2): target → image → layers (each read once, or taken from the layer
/// cache) → squashed filesystem → inventory → findings (re-matched against today's database on every run) →
/// controls → gate → <see cref="ScanReport"/>.
/// </summary>
public static class ImageScanner
{
    public static async Task<ScanReport> ScanAsync(ScanRequest request, CancellationToken ct)
    {
        await using var image = await ImageSources.OpenAsync(request.Target, request.Open, request.Sources, ct);
        var analyzers = request.Analyzers;
        var controls = request.RunControls ? request.Controls : [];
        IReadOnlyList<IFileInterest> interests = [Analyzers.Os, .. analyzers, .. controls];

        IReadOnlyList<BaseCatalogEntry> catalog = request.BaseCatalogPath is { } catalogPath ? new BaseCatalog(catalogPath).Load() : [];
        // The registry lookups run while the layers are read.
        var freshnessTask = request.Freshness is { } lookUp ? LookUpFreshnessAsync(lookUp, image, catalog, ct) : null;
        // Walk warnings (a skipped entry, a file over the read bound) become coverage gaps, said once at the end.
        var fs = await ReadFileSystemAsync(image, interests, CacheKeys.Interests(analyzers, controls), request, ct);
        request.Progress.Report("inventory", image.Source, 0, null);
        var inventory = InventoryBuilder.Build(fs, analyzers, ct);

        request.Progress.Report("match", image.Source, 0, null);
        MatchResult? match;
        DatabaseSummary? database;
        IReadOnlyList<CoverageTarget>? targets;
        bool endOfLife;
        // One open of the database for matching, coverage and end-of-life data (the endoflife feed, else the built-in table).
        using (var store = request.DatabasePath is { } dbPath ? SqliteAdvisoryStore.Open(dbPath) : null)
        {
            (match, database, targets) = store is null ? (null, null, null) : Match(inventory, store);
            endOfLife = OsLifecycle.IsEndOfLife(inventory.Os, request.Clock, store);
        }
        IReadOnlyList<Finding> findings = match?.Findings ?? [];

        var (freshness, freshnessFailure) = freshnessTask is null ? (new FreshnessResult(null, request.FreshnessSkipReason), (string?)null) : await freshnessTask;
        var coverage = CoverageAssessor.Assess(inventory, targets, match, fs.Warnings, freshnessFailure);
        var (gatedFindings, gateWarnings) = GateEvaluator.Filter(findings, inventory, request.Gate, request.Clock);
        var annotations = image.Manifest.Annotations ?? new Dictionary<string, string>();
        var baseWarnings = new List<string>();
        if (request.ResolveAnnotatedBase is { } resolve)
            catalog = await WithAnnotatedBaseAsync(catalog, resolve, annotations, image.Config.Config?.Labels, baseWarnings, ct);
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
            BaseImage = BaseImageIdentifier.Identify(annotations, image.Config.Config?.Labels, image.Layers.Select(l => l.DiffId.ToString()).ToList(), catalog, request.Policy),
            Signatures = request.Signatures is { } verify ? await verify(image, ct) : null,
            Findings = database is null ? null : gatedFindings,
            DatabaseBuiltAt = database?.BuiltAt,
            Freshness = freshness.Report,
            FreshnessSkipReason = freshness.SkipReason,
        };
        var controlResults = ControlRunner.Run(context, controls);
        var gate = GateEvaluator.Decide(gatedFindings, controlResults, inventory, endOfLife, image.Config.Created, request.Gate, request.Clock, coverage);
        return new ScanReport
        {
            ToolVersion = ToolInfo.Version,
            GeneratedAt = request.Clock.GetUtcNow(),
            Image = Summarize(image, context.BaseImage),
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

    /// <summary>
    /// A registry that cannot be reached makes freshness unknown, never the scan fail; the second item says why it is
    /// unknown (a coverage gap) when the lookup was made and gave no answer. An image with no tag to look up is no gap.
    /// </summary>
    private static async Task<(FreshnessResult, string?)> LookUpFreshnessAsync(
        Func<IImage, IReadOnlyList<BaseCatalogEntry>, CancellationToken, Task<FreshnessResult>> lookUp, IImage image, IReadOnlyList<BaseCatalogEntry> catalog, CancellationToken ct)
    {
        try
        {
            var result = await lookUp(image, catalog, ct);
            return (result, result.Report is { Stale: null } r ? $"{r.Reference}: {r.Error ?? "the registry gave no digest"}" : null);
        }
        catch (Exception e) when (e is DrydockException or HttpRequestException or IOException)
        {
            return (new FreshnessResult(null, $"The registry could not be asked: {e.Message}"), $"the registry could not be asked: {e.Message}");
        }
    }

    /// <summary>
    /// A base named by annotation or label but not catalogued is looked up in its registry, so CIS 4.2 can say how many
    /// bottom layers are the base's; a registry that cannot answer leaves a warning, not a failed scan.
    /// </summary>
    private static async Task<IReadOnlyList<BaseCatalogEntry>> WithAnnotatedBaseAsync(
        IReadOnlyList<BaseCatalogEntry> catalog, Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>?, CancellationToken, Task<BaseCatalogEntry?>> resolve,
        IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string>? labels, List<string> warnings, CancellationToken ct)
    {
        var name = BaseImageIdentifier.NamedBase(annotations, labels);
        if (name is null || catalog.Any(e => string.Equals(e.Reference, name, StringComparison.Ordinal))) return catalog;
        try
        {
            return await resolve(annotations, labels, ct) is { } entry ? [.. catalog, entry] : catalog;
        }
        catch (Exception e) when (e is DrydockException or HttpRequestException or IOException)
        {
            warnings.Add($"base image {name} could not be looked up: {e.Message}");
            return catalog;
        }
    }

    /// <summary>
    /// Each layer from the cache when a record of its diff id was read for at least this run's interests
    /// (<paramref name="needed"/>), else read once and stored as read for exactly <paramref name="needed"/>, replacing
    /// the record that fell short. Replacing rather than merging: the walk only kept what this run's interests wanted, so
    /// the new record can only claim those (a record of another analyzer version must not be claimed either); the runs
    /// of one install form a chain (sbom ⊂ image), so the record settles on the widest one.
    /// </summary>
    private static async Task<FileSystemView> ReadFileSystemAsync(
        IImage image, IReadOnlyList<IFileInterest> interests, IReadOnlyList<string> needed, ScanRequest request, CancellationToken ct)
    {
        using var cache = request.CachePath is { } path ? new LayerCache(path, request.CacheMaxBytes, request.Clock) : null;
        var squash = new FileSystemBuilder(interests); // each layer applied as it comes, then dropped (issue 18)
        foreach (var layer in image.Layers)
        {
            var key = CacheKeys.LayerKey(layer.DiffId);
            if (cache?.TryGet(key) is { } bytes
                && LayerContentsSerializer.ReadFor(bytes) is { } readFor && CacheKeys.Covers(readFor, needed)
                && LayerContentsSerializer.Read(bytes, layer.Index) is { } cached)
            {
                request.Progress.Report("layers", $"layer {layer.Index + 1}/{image.Layers.Count} {layer.Descriptor.Digest} (cached)", layer.Descriptor.Size, layer.Descriptor.Size);
                squash.Apply(cached);
                continue;
            }
            var read = await LayerWalker.ReadLayerAsync(image, layer.Index, interests, LayerWalkOptions.Default, new WithoutWarnings(request.Progress), ct);
            cache?.Put(key, LayerContentsSerializer.Write(read, needed));
            squash.Apply(read);
        }
        return squash.Build();
    }

    /// <summary>Findings from today's database, its summary, and what it covers of this inventory.</summary>
    private static (MatchResult, DatabaseSummary, IReadOnlyList<CoverageTarget>) Match(ImageInventory inventory, SqliteAdvisoryStore store)
    {
        var meta = store.Meta();
        var schema = meta.TryGetValue("schema_version", out var v) && int.TryParse(v, out var n) ? n : 0;
        var summary = new DatabaseSummary(schema, store.BuiltAt ?? DateTimeOffset.MinValue,
            store.Feeds().Select(f => f.FetchedAt is { } at ? $"{f.Name} ({at:yyyy-MM-dd})" : f.Name).ToList());
        return (VulnerabilityScanner.MatchAll(inventory, store), summary, CoverageAssessor.Targets(inventory, store));
    }

    /// <summary>Progress for the layer walk: its warnings reach the report as coverage gaps (and stderr once, from there).</summary>
    private sealed class WithoutWarnings(IProgressSink inner) : IProgressSink
    {
        public void Report(string stage, string item, long done, long? total) => inner.Report(stage, item, done, total);

        public void Warn(string message)
        {
        }
    }

    private static IReadOnlyList<Finding> Sort(IReadOnlyList<Finding> findings) =>
        findings.OrderByDescending(f => f.Severity)
            .ThenBy(f => f.VulnerabilityId, StringComparer.Ordinal)
            .ThenBy(f => f.PackagePurl, StringComparer.Ordinal)
            .ToList();

    private static ImageSummary Summarize(IImage image, BaseImageIdentification? baseImage)
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
