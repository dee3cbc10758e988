using System.Security.Cryptography;
using Drydock.Images.FileSystem;

namespace Drydock.Images.Layers;

/// <summary>
/// Reads an image's layers once each, sequentially, bottom → top, into <see cref="LayerContents"/> and squashes each
/// into a <see cref="FileSystemView"/> as soon as it is read (<see cref="FileSystemBuilder"/>; DESIGN.md §2). Each layer is streamed: stored blob (digest-verified by the
/// source) → decompression (bounded) → tar, hashing the tar to check the config's diff id. Any failure is a
/// <see cref="DrydockException"/> naming the layer.
/// </summary>
public static class LayerWalker
{
    /// <summary>Walks every layer of <paramref name="image"/> and returns the squashed view.</summary>
    public static async Task<FileSystemView> WalkAsync(
        IImage image, IReadOnlyList<IFileInterest> interests, LayerWalkOptions options, IProgressSink progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var budget = new ContentBudget(options.MaxTotalContentBytes);
        var builder = new FileSystemBuilder(interests, options);
        var reported = 0;
        foreach (var layer in image.Layers)
        {
            // Applied as soon as read, so no layer's record outlives its turn (issue 18).
            var contents = await ReadLayerAsync(image, layer.Index, interests, options, budget, progress, cancellationToken);
            reported += contents.Warnings.Count;
            builder.Apply(contents, topLayer: layer.Index == image.Layers.Count - 1);
        }
        var view = builder.Build();
        // Layer warnings were reported as each layer was read; what squashing found (broken hard links) comes last.
        foreach (var warning in view.Warnings.Skip(reported)) progress.Warn(warning);
        return view;
    }

    /// <summary>Reads one layer on its own (the unit a per-layer cache stores, keyed by its diff id).</summary>
    public static Task<LayerContents> ReadLayerAsync(
        IImage image, int index, IReadOnlyList<IFileInterest> interests, LayerWalkOptions options, IProgressSink progress,
        CancellationToken cancellationToken) =>
        ReadLayerAsync(image, index, interests, options, new ContentBudget(options.MaxTotalContentBytes), progress,
            cancellationToken);

    internal static async Task<LayerContents> ReadLayerAsync(
        IImage image, int index, IReadOnlyList<IFileInterest> interests, LayerWalkOptions options, ContentBudget budget,
        IProgressSink progress, CancellationToken cancellationToken, IWalkGate? gate = null)
    {
        var stored = await image.OpenLayerAsync(index, cancellationToken);
        return ReadOpened(image, index, stored, interests, options, budget, progress, gate, cancellationToken);
    }

    /// <summary>
    /// One layer read wholly on the calling thread, the open included, its walk held by <paramref name="gate"/> when walks
    /// running at once share a budget: for a thread started for this walk. The walk is
    /// synchronous and holds its thread for the whole layer, so it must not continue on whichever thread answered an
    /// asynchronous open (a registry's response arrives on a thread-pool thread, which it would then hold).
    /// </summary>
    internal static LayerContents ReadLayer(
        IImage image, int index, IReadOnlyList<IFileInterest> interests, LayerWalkOptions options, IWalkGate gate,
        IProgressSink progress, CancellationToken cancellationToken)
    {
        var stored = image.OpenLayerAsync(index, cancellationToken).GetAwaiter().GetResult();
        return ReadOpened(image, index, stored, interests, options, new ContentBudget(options.MaxTotalContentBytes), progress, gate,
            cancellationToken);
    }

    private static LayerContents ReadOpened(
        IImage image, int index, Stream stored, IReadOnlyList<IFileInterest> interests, LayerWalkOptions options, ContentBudget budget,
        IProgressSink progress, IWalkGate? gate, CancellationToken cancellationToken)
    {
        var info = image.Layers[index];
        var name = LayerName(image, info);
        var item = $"layer {index + 1}/{image.Layers.Count} {info.Descriptor.Digest}";
        var counting = new CountingReadStream(stored, done => progress.Report("layers", item, done, info.Descriptor.Size));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var tar = Open(counting, info, name, options, hash, out var blob, out var bounded, out var verifiedBySource);
        var contents = new LayerTarReader(index, name, interests, options, budget, gate).Read(tar, cancellationToken);
        var diffId = Drain(tar, blob, verifiedBySource ? null : hash, name) ?? info.DiffId;
        if (info.DiffId.Algorithm == "sha256" && diffId != info.DiffId)
            throw new DrydockException($"{name}: diff id mismatch: the uncompressed tar is {diffId}, the config says {info.DiffId}");
        foreach (var warning in contents.Warnings) progress.Warn(warning);
        progress.Report("layers", item, counting.BytesRead, info.Descriptor.Size);
        return contents with { DiffId = diffId, StoredBytes = counting.BytesRead, TarBytes = bounded.BytesRead };
    }

    /// <summary>How errors and warnings name a layer: <c>layer 2 (sha256:…) of oci:/tmp/img</c>.</summary>
    public static string LayerName(IImage image, LayerInfo layer) =>
        $"layer {layer.Index} ({layer.Descriptor.Digest}) of {image.Source}";

    // Three threads for a compressed layer, two for a plain one: the stored blob is read and its digest verified on
    // one (a read-ahead of its own), decoded on the next, and the tar hashed and walked on the caller's (issue 17); each
    // read-ahead is a fixed 1 MiB, its chunks shared with the other layers' walks. Decoding is the slowest stage, so
    // it is given a thread with nothing else to do.
    private static ReadAheadStream Open(
        CountingReadStream counting, LayerInfo info, string name, LayerWalkOptions options, IncrementalHash hash,
        out Stream blob, out BoundedReadStream bounded, out bool verifiedBySource)
    {
        blob = counting;
        try
        {
            var compression = LayerDecompressor.Sniff(counting, info.Compression, name, out var whole);
            blob = compression == LayerCompression.None ? whole : new ReadAheadStream(whole);
            bounded = new BoundedReadStream(LayerDecompressor.Decode(compression, blob), () => counting.BytesRead, options, name);
            // An uncompressed layer whose stored digest is its diff id (a docker-archive layer.tar, a plain tar layer):
            // the source verifies that digest over these very bytes as they stream (IImage.OpenLayerAsync), so hashing
            // them a second time would check nothing more.
            verifiedBySource = compression == LayerCompression.None && info.Descriptor.Digest == info.DiffId.ToString();
            return new ReadAheadStream(bounded, verifiedBySource ? null : hash);
        }
        catch
        {
            blob.Dispose();
            throw;
        }
    }

    // The tar's end-of-archive marker may be followed by padding (tar writes whole records); it is part of the diff id.
    // The rest is passed over, not copied: the read-ahead hashes every chunk it reaches. Then the stored blob is read to
    // its end, which is what makes the source verify its digest, even where the decoder stopped before the blob's end
    // (bytes after the last gzip member); the decoding thread has ended, so this thread may read the blob. Null when
    // there was no hash to take.
    private static Digest? Drain(ReadAheadStream tar, Stream blob, IncrementalHash? hash, string name)
    {
        try
        {
            tar.Skip(long.MaxValue);
            if (blob is ReadAheadStream ahead) ahead.Skip(long.MaxValue);
            else
            {
                Span<byte> rest = stackalloc byte[4096];
                while (blob.Read(rest) > 0)
                {
                }
            }
            return hash is null ? null : new Digest("sha256", Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            throw new DrydockException($"{name}: corrupt compressed data after the end of the tar: {e.Message}", inner: e);
        }
    }
}
