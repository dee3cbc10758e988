using Drydock.Images;
using Drydock.Images.Sources.Registry;
using Drydock.Vulnerabilities.Database;
using Microsoft.Data.Sqlite;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// Checks a pulled database's signature: null when it is acceptable, else the reason it is refused. Given the client
/// that fetched the manifest, the repository and the manifest digest.
/// </summary>
public delegate Task<string?> DbSignatureCheck(RegistryClient client, string repository, Digest manifest, CancellationToken cancellationToken);

/// <summary>
/// <c>drydock db pull REF</c>: under the pull lock, fetches the manifest (digest-verified), refuses a foreign or
/// unreadable schema and, when a signature is required, an unsigned or wrongly signed one; downloads only the feed
/// layers its blob cache lacks, assembles the database and swaps it in. Any failure leaves the installed database as it
/// was and says so. A manifest already installed downloads nothing.
/// </summary>
public sealed class DbPuller(RegistryClientOptions options, IProgressSink progress, TimeProvider time)
{
    /// <summary>How long a pull waits for another process's pull of the same database.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Set when a signature is required (<c>--db-key</c>).</summary>
    public DbSignatureCheck? VerifySignature { get; init; }

    public async Task<DbPullResult> PullAsync(string databasePath, ImageReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        using var pullLock = await DbPullLock.AcquireAsync(databasePath, LockTimeout, progress, time, cancellationToken);
        return await PullLockedAsync(databasePath, reference, cancellationToken);
    }

    /// <summary>As <see cref="PullAsync"/>, for a caller that holds the lock already.</summary>
    internal async Task<DbPullResult> PullLockedAsync(string databasePath, ImageReference reference, CancellationToken cancellationToken)
    {
        try
        {
            return await FetchAndInstallAsync(databasePath, reference, cancellationToken);
        }
        catch (Exception e) when (File.Exists(databasePath) && e is DrydockException or SqliteException or IOException)
        {
            throw new DrydockException($"{e.Message}; the database at {databasePath} is kept as it was", e is DrydockException d ? d.ExitCode : ExitCodes.RuntimeError, e);
        }
        catch (SqliteException e)
        {
            throw new DrydockException($"the database from {reference} cannot be assembled: {e.Message}", inner: e);
        }
    }

    private async Task<DbPullResult> FetchAndInstallAsync(string databasePath, ImageReference reference, CancellationToken cancellationToken)
    {
        using var client = new RegistryClient(reference.Registry, options);
        var what = $"database {reference}";
        var manifest = await client.GetManifestAsync(reference.Repository, reference.Digest?.ToString() ?? reference.Tag ?? DbArtifact.DefaultTag, cancellationToken);
        if (manifest.IsIndex) throw new DrydockException($"{what} is an index, not a database artifact");
        var (layers, builtAt) = DbManifest.Read(manifest.Bytes.Span, what, DatabaseSchema.Version);
        if (VerifySignature is { } verify && await verify(client, reference.Repository, manifest.Digest, cancellationToken) is { } problem)
            throw new DrydockException($"{what} ({manifest.Digest}) is refused: {problem}");
        var checkedAt = time.GetUtcNow();
        var installed = DbPullState.Read(databasePath);
        if (installed?.Manifest == manifest.Digest && DatabaseAssembler.InstalledBuiltAt(databasePath) == builtAt)
        {
            await (installed with { CheckedAt = checkedAt, Source = reference.ToString(), BuiltAt = builtAt }).WriteAsync(databasePath, cancellationToken);
            return new DbPullResult(manifest.Digest, builtAt, layers.Count, 0, 0, true);
        }
        var cache = BlobCache.Beside(databasePath);
        var downloaded = 0;
        long bytes = 0;
        var files = new List<PulledLayer>();
        foreach (var layer in layers)
        {
            var digest = Digest.TryParse(layer.Digest, out var d) ? d : throw new DrydockException($"{what}: invalid layer digest '{layer.Digest}'");
            var feed = layer.Annotations![DbArtifact.FeedAnnotation];
            if (!cache.Contains(digest, layer.Size))
            {
                await using (var blob = await client.OpenBlobAsync(reference.Repository, layer, cancellationToken))
                    await cache.AddAsync(digest, blob, cancellationToken);
                downloaded++;
                bytes += layer.Size;
            }
            progress.Report("pull", feed, files.Count + 1, layers.Count);
            files.Add(DbArtifact.IsColumnsLayer(layer.MediaType)
                ? new PulledLayer(feed, cache.PathOf(digest), digest, LayerCompression.Zstd) { Columns = true }
                : new PulledLayer(feed, cache.PathOf(digest), digest, DbArtifact.FeedLayerCompression(layer.MediaType)!.Value));
        }
        var written = await DatabaseAssembler.AssembleAsync(databasePath, files, builtAt, installed, cancellationToken);
        await new DbPullState(manifest.Digest, checkedAt)
        {
            Source = reference.ToString(),
            BuiltAt = builtAt,
            Layers = files.ToDictionary(f => f.Feed, f => f.Digest, StringComparer.Ordinal),
        }.WriteAsync(databasePath, cancellationToken);
        cache.Prune(layers.Select(l => Digest.Parse(l.Digest)).ToHashSet());
        return new DbPullResult(manifest.Digest, builtAt, layers.Count, downloaded, bytes, false) { FeedsWritten = written };
    }
}

/// <summary>What a pull did: the manifest installed, how many of its feed layers were downloaded (and their bytes); <see cref="UpToDate"/> when it was installed already.</summary>
public sealed record DbPullResult(Digest Manifest, DateTimeOffset BuiltAt, int Layers, int Downloaded, long Bytes, bool UpToDate)
{
    /// <summary>How many feeds the install wrote: all of them for a first pull, only those whose layer changed when the installed database was edited.</summary>
    public int FeedsWritten { get; init; }
}
