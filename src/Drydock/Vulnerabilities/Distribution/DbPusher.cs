using Drydock.Images;
using Drydock.Images.Sources.Registry;
using Drydock.Vulnerabilities.Database;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// <c>drydock db push REF</c>: splits the local database into feed layers (<see cref="FeedLayerExporter"/>), uploads the
/// layers the repository does not hold yet, puts the manifest under REF's tag (default: the schema version) and, given a
/// key, a cosign-format signature over the manifest digest.
/// </summary>
public sealed class DbPusher(RegistryClientOptions options, IProgressSink progress)
{
    public async Task<DbPushResult> PushAsync(string databasePath, ImageReference reference, string? signingKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Digest is not null) throw new UsageException($"'{reference}': push to a tag, not a digest");
        using var key = signingKey is null ? null : CosignSigner.LoadKey(signingKey);
        DateTimeOffset builtAt;
        using (var store = SqliteAdvisoryStore.Open(databasePath))
            builtAt = store.BuiltAt ?? throw new DrydockException($"{databasePath} has no build time; rebuild it with 'drydock db update'");
        var work = DrydockTemp.NewPath("db-push-");
        Directory.CreateDirectory(work);
        try
        {
            var layers = FeedLayerExporter.Export(databasePath, work, cancellationToken);
            using var pusher = new RegistryPusher(reference.Registry, options);
            var uploaded = 0;
            var emptyConfig = Path.Combine(work, "config");
            await File.WriteAllBytesAsync(emptyConfig, DbArtifact.EmptyConfig, cancellationToken);
            await pusher.PushBlobAsync(reference.Repository, Digest.Sha256(DbArtifact.EmptyConfig), emptyConfig, cancellationToken);
            foreach (var (layer, i) in layers.Select((l, i) => (l, i)))
            {
                if (await pusher.PushBlobAsync(reference.Repository, layer.Digest, layer.Path, cancellationToken)) uploaded++;
                progress.Report("push", layer.Feed, i + 1, layers.Count);
            }
            var tag = reference.Tag ?? DbArtifact.DefaultTag;
            var manifest = DbManifest.Write(layers, builtAt, DatabaseSchema.Version);
            var digest = await pusher.PushManifestAsync(reference.Repository, tag, Images.MediaTypes.OciManifest, manifest, cancellationToken);
            if (key is not null) await CosignSigner.SignAsync(pusher, reference, digest, key, work, cancellationToken);
            return new DbPushResult(digest, tag, layers.Count, uploaded, layers.Sum(l => l.Size), key is not null);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

/// <summary>What a push did: the manifest digest and tag, how many of the feed layers were uploaded (the rest were there).</summary>
public sealed record DbPushResult(Digest Manifest, string Tag, int Layers, int Uploaded, long Bytes, bool Signed);
