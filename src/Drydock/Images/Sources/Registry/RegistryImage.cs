namespace Drydock.Images.Sources.Registry;

/// <summary>An image read from a registry. Layers are streamed from the registry on demand and verified as they are read.</summary>
internal sealed class RegistryImage(
    string source,
    ImageReference reference,
    RegistryClient client,
    Digest manifestDigest,
    ImageManifest manifest,
    byte[] rawConfig,
    ImageConfig config,
    IReadOnlyList<LayerInfo> layers,
    EarlyBlobs? early = null,
    bool readByTag = false) : IImage
{
    /// <summary>The manifest was asked for by the reference's tag (no digest given): the tag named <see cref="ManifestDigest"/>'s
    /// document (or the index above it) when the image was opened.</summary>
    public bool ReadByTag => readByTag;

    public string Source => source;

    public ImageReference? Reference => reference;

    public Digest? ManifestDigest => manifestDigest;

    public ImageManifest Manifest => manifest;

    public ReadOnlyMemory<byte> RawConfig => rawConfig;

    public ImageConfig Config => config;

    public Digest Id => Digest.Parse(manifest.Config.Digest);

    public IReadOnlyList<LayerInfo> Layers => layers;

    /// <summary>The client, for callers that want its rate-limit information after reading.</summary>
    public RegistryClient Client => client;

    public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, layers.Count);
        return early?.Take(index, cancellationToken) ?? client.OpenBlobAsync(reference.Repository, layers[index].Descriptor, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (early is not null) await early.DisposeAsync();
        client.Dispose();
    }
}

/// <summary>
/// Blob requests started while the config was fetched (<see cref="ImageOpenOptions.FirstLayerReads"/>), each taken by the
/// first open of its layer; what is never taken is stopped and its stream closed on dispose.
/// </summary>
internal sealed class EarlyBlobs(Dictionary<int, Task<Stream>> requests, CancellationTokenSource stop) : IAsyncDisposable
{
    /// <summary>The request started for layer <paramref name="index"/>, once; null when none was (or it was taken).</summary>
    public Task<Stream>? Take(int index, CancellationToken cancellationToken)
    {
        Task<Stream>? started;
        lock (requests)
        {
            if (!requests.Remove(index, out started)) return null;
        }
        return TakeAsync(started, cancellationToken);
    }

    private static async Task<Stream> TakeAsync(Task<Stream> started, CancellationToken cancellationToken)
    {
        try
        {
            return await started.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The opener gave up before the registry answered: the answer, when it comes, is closed unread.
            _ = started.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Dictionary<int, Task<Stream>> left;
        lock (requests)
        {
            left = new Dictionary<int, Task<Stream>>(requests);
            requests.Clear();
        }
        await ReleaseAsync(left, stop);
    }

    /// <summary>Stops the requests nobody took, waits for them and closes the streams they opened; disposes <paramref name="stop"/>.</summary>
    public static async Task ReleaseAsync(Dictionary<int, Task<Stream>>? requests, CancellationTokenSource stop)
    {
        await AbandonedRequests.StopAsync(stop, requests?.Values ?? Enumerable.Empty<Task<Stream>>());
        stop.Dispose();
    }
}

/// <summary>Requests started and then not wanted (a ping that lost the race, a blob nobody opened).</summary>
internal static class AbandonedRequests
{
    /// <summary>Cancels <paramref name="stop"/>, waits for each request (its failure is nobody's now) and disposes what it returned.</summary>
    public static async Task StopAsync<T>(CancellationTokenSource stop, IEnumerable<Task<T>> requests) where T : IDisposable
    {
        await stop.CancelAsync();
        foreach (var request in requests)
        {
            await ((Task)request).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (request.IsCompletedSuccessfully) request.Result.Dispose();
        }
    }
}
