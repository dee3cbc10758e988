using Drydock.Bases;
using Drydock.Controls;
using Drydock.Inventory;
using Drydock.Scanning.Cache;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// Everything an <see cref="ImageScanner"/> is assembled from (DESIGN.md §2, "the pipeline is assembled, not global"):
/// the scanner reaches for nothing else. <see cref="Default"/> is the one place that names the production parts; a
/// front end takes them and replaces what it must (<c>with { … }</c>), a test supplies fakes.
/// </summary>
public sealed record ScannerParts
{
    /// <summary>The package analyzers (their declared files, with the controls', are what the layer walk keeps and what a cached layer must hold).</summary>
    public required IReadOnlyList<IAnalyzer> Analyzers { get; init; }

    /// <summary>The controls run when a request asks for controls.</summary>
    public required IReadOnlyList<IControl> Controls { get; init; }

    /// <summary>The matchers, asked in order: the first that can match a package matches it.</summary>
    public required IReadOnlyList<IMatcher> Matchers { get; init; }

    /// <summary>Opens the vulnerability database for one scan (the scanner disposes it); null = no matching.</summary>
    public Func<AdvisoryDatabase>? Advisories { get; init; }

    /// <summary>The registry lookups (signatures, freshness, annotated bases); null = offline, said in the report as skip reasons.</summary>
    public RegistryServices? Registry { get; init; }

    /// <summary>Opens the layer cache for one scan (the scanner disposes it); null = every layer is read.</summary>
    public Func<ILayerRecordCache>? LayerCache { get; init; }

    /// <summary>
    /// Whether the layer cache can serve no layer at all (there is none, or nothing was ever stored in it): then a scan
    /// reads every layer and says which it reads first before the image's config is read
    /// (<see cref="Images.ImageOpenOptions.FirstLayerReads"/>). By default only when there is no <see cref="LayerCache"/>.
    /// </summary>
    public Func<bool> LayerCacheEmpty
    {
        get => _layerCacheEmpty ?? (() => LayerCache is null);
        init => _layerCacheEmpty = value;
    }

    private readonly Func<bool>? _layerCacheEmpty;

    /// <summary>Opens a parsed target.</summary>
    public required IImageOpener Images { get; init; }

    /// <summary>The catalogued base images (CIS 4.2 identification by layer chain), read once per scan.</summary>
    public Func<IReadOnlyList<BaseCatalogEntry>> BaseCatalog { get; init; } = static () => [];

    /// <summary>The only clock of a scan: report stamp, waiver expiry, end of life, image age, cache use stamps.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// The production pipeline: every analyzer (<see cref="Inventory.Analyzers.All"/>), every control
    /// (<see cref="ControlCatalog.All"/>), every matcher, the SQLite database and layer cache at the settings' paths,
    /// the base catalogue file, the registry and engine transports, and registry lookups unless the settings are offline.
    /// </summary>
    public static ScannerParts Default(ScannerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ScannerParts
        {
            Analyzers = Inventory.Analyzers.All,
            Controls = ControlCatalog.All,
            Matchers = MatcherRegistry.All,
            Advisories = settings.DatabasePath is { } db ? () => AdvisoryDatabase.OpenSqlite(db) : null,
            Registry = settings.RegistryLookups ? RegistryServices.Create(settings.RegistryClient(), settings.Clock, settings.CacheDirectory ?? CacheDirectory.Root) : null,
            LayerCache = settings.CachePath is { } cache ? () => new LayerCache(cache, settings.CacheMaxBytes, settings.Clock) : null,
            LayerCacheEmpty = settings.CachePath is { } path ? () => !File.Exists(path) : static () => true,
            Images = new SourceImageOpener(settings.Sources, settings.InsecureRegistries, settings.TempDirectory),
            BaseCatalog = settings.BaseCatalogPath is { } catalog ? () => new BaseCatalog(catalog).Load() : static () => [],
            Clock = settings.Clock,
        };
    }
}
