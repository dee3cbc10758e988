using Drydock.Images.Sources;
using Drydock.Images.Sources.Registry;
using Drydock.Scanning.Cache;

namespace Drydock.Scanning.Pipeline;

/// <summary>The knobs of the production parts (<see cref="ScannerParts.Default"/>): where the data lives and whether registries may be asked.</summary>
public sealed record ScannerSettings
{
    /// <summary>The vulnerability database file; null = no matching.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>The layer cache file; null = no cache.</summary>
    public string? CachePath { get; init; }

    public long CacheMaxBytes { get; init; } = LayerCache.DefaultMaxBytes;

    /// <summary>The base-image catalogue (<c>drydock base add</c>); null = none.</summary>
    public string? BaseCatalogPath { get; init; }

    /// <summary>
    /// True: signatures, tag freshness and annotated bases are looked up in registries. False (the default) = offline:
    /// nothing is asked beyond reading the target itself.
    /// </summary>
    public bool RegistryLookups { get; init; }

    /// <summary>Registries that may be reached over plain HTTP or unverified TLS, for the target and the lookups.</summary>
    public IReadOnlySet<string> InsecureRegistries { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where registry clients report progress and retries.</summary>
    public IProgressSink RegistryProgress { get; init; } = NullProgressSink.Instance;

    /// <summary>How registry and <c>docker:</c> targets are opened (the host audit points <c>docker:</c> at the audited engine).</summary>
    public RemoteSourceFactories Sources { get; init; } = RemoteSourceFactories.Default;

    /// <summary>Where sources write temporary files (extracted archives, engine exports); null = this process's <see cref="DrydockTemp"/> directory.</summary>
    public string? TempDirectory { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where registry lookups keep state (content-trust roots, base-discovery listings); null = <see cref="Drydock.CacheDirectory.Root"/>.</summary>
    public string? CacheDirectory { get; init; }

    internal RegistryClientOptions RegistryClient() => new() { InsecureRegistries = InsecureRegistries, Progress = RegistryProgress };
}
