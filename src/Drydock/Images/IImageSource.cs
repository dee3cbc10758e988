namespace Drydock.Images;

/// <summary>A transport that yields images (docker-archive, OCI layout, registry, Docker engine).</summary>
public interface IImageSource
{
    /// <summary>Opens the image the target names, choosing by <paramref name="options"/> platform where there is an index.</summary>
    Task<IImage> OpenAsync(ImageOpenOptions options, CancellationToken cancellationToken);
}

/// <summary>Options every source honours.</summary>
public sealed record ImageOpenOptions
{
    /// <summary>The platform to pick from an index; null = the host platform.</summary>
    public Platform? Platform { get; init; }

    /// <summary>Registries that may be reached over plain HTTP (host or host:port).</summary>
    public IReadOnlySet<string> InsecureRegistries { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Where a source may write temporary files (extracted archives, engine exports); by default this process's
    /// directory under <see cref="DrydockTemp"/>, created when first asked for.
    /// </summary>
    public string TempDirectory
    {
        get => _tempDirectory ?? DrydockTemp.ProcessDirectory;
        init => _tempDirectory = value;
    }

    private readonly string? _tempDirectory;

    /// <summary>Progress and warning lines (stderr in the CLI).</summary>
    public IProgressSink Progress { get; init; } = NullProgressSink.Instance;

    /// <summary>
    /// The layers the caller will read first, when it knows before the config is read that it reads them (a scan whose
    /// layer cache can serve none): a registry source asks for their blobs beside the config instead of after it, one
    /// round trip less before the first byte is inflated. Null: no layer is asked for before the caller opens it.
    /// </summary>
    public FirstLayerReads? FirstLayerReads { get; init; }
}

/// <summary>The indexes of the layers (the manifest's descriptors, bottom first) a caller will open first.</summary>
public delegate IReadOnlyList<int> FirstLayerReads(IReadOnlyList<Descriptor> layers);
