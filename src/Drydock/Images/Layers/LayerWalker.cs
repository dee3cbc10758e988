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
            builder.Apply(contents);
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
        IProgressSink progress, CancellationToken cancellationToken)
    {
        var info = image.Layers[index];
        var name = LayerName(image, info);
        var item = $"layer {index + 1}/{image.Layers.Count} {info.Descriptor.Digest}";
        var stored = await image.OpenLayerAsync(index, cancellationToken);
        var counting = new CountingReadStream(stored, done => progress.Report("layers", item, done, info.Descriptor.Size));
        using var hashing = Open(counting, info, name, options, out var bounded);
        // A BufferedStream lets TarReader's 512-byte header reads and the hash work on large blocks.
        using var buffered = new BufferedStream(hashing, 128 * 1024);
        var contents = new LayerTarReader(index, name, interests, options, budget).Read(buffered, cancellationToken);
        var diffId = Drain(buffered, hashing, name);
        if (info.DiffId.Algorithm == "sha256" && diffId != info.DiffId)
            throw new DrydockException($"{name}: diff id mismatch: the uncompressed tar is {diffId}, the config says {info.DiffId}");
        foreach (var warning in contents.Warnings) progress.Warn(warning);
        progress.Report("layers", item, counting.BytesRead, info.Descriptor.Size);
        return contents with { DiffId = diffId, StoredBytes = counting.BytesRead, TarBytes = bounded.BytesRead };
    }

    /// <summary>How errors and warnings name a layer: <c>layer 2 (sha256:…) of oci:/tmp/img</c>.</summary>
    public static string LayerName(IImage image, LayerInfo layer) =>
        $"layer {layer.Index} ({layer.Descriptor.Digest}) of {image.Source}";

    private static HashingReadStream Open(
        CountingReadStream counting, LayerInfo info, string name, LayerWalkOptions options, out BoundedReadStream bounded)
    {
        try
        {
            // The decompressors pull 8 KiB at a time; one large read-ahead keeps syscalls and the source's digest
            // hashing on big blocks.
            var tar = LayerDecompressor.Open(new BufferedStream(counting, 1 << 20), info.Compression, name);
            bounded = new BoundedReadStream(tar, () => counting.BytesRead, options, name);
            // Two cores: reading, verifying and inflating the blob on one thread, hashing and walking the tar on the
            // caller's (issue 17); the read-ahead is a fixed 1 MiB.
            return new HashingReadStream(new ReadAheadStream(bounded));
        }
        catch
        {
            counting.Dispose();
            throw;
        }
    }

    // The tar's end-of-archive marker may be followed by padding (tar writes whole records); it is part of the diff id,
    // and reading the stored blob to its end is what makes the source verify its digest.
    private static Digest Drain(BufferedStream buffered, HashingReadStream hashing, string name)
    {
        try
        {
            var rest = new byte[64 * 1024];
            while (buffered.Read(rest) > 0)
            {
            }
            return hashing.DrainAndGetDigest();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            throw new DrydockException($"{name}: corrupt compressed data after the end of the tar: {e.Message}", inner: e);
        }
    }
}
