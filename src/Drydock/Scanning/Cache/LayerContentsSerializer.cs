using System.IO.Compression;
using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;

namespace Drydock.Scanning.Cache;

/// <summary>
/// Stores a <see cref="LayerContents"/> as a compact binary record for the layer cache: the format version and the
/// interests the layer was read for (<see cref="CacheKeys.Interests"/>, uncompressed so <see cref="ReadFor"/> can check
/// them without inflating the rest), then a versioned field list compressed in one piece with Deflate at its fastest level (zlib-ng in .NET: a warm scan
/// spends its time here, and one-shot Deflate reads back several times faster than streamed Brotli). The layer's position is not stored: the same layer may sit at another index in another image, so
/// <see cref="Read"/> stamps every entry with the index it is given.
/// </summary>
public static class LayerContentsSerializer
{
    private const int FormatVersion = 6; // 2: per-entry extracts (IFileExtractor); 3: one-shot Deflate; 4: what it was read for; 5: unlisted paths; 6: as deltas, no length before the body (written in chunks)

    /// <summary>A record that says it was read for nothing in particular (served only to requests with no interests).</summary>
    public static byte[] Write(LayerContents layer) => Write(layer, []);

    /// <summary>A record of <paramref name="layer"/>, read for <paramref name="readFor"/> (the interests the walk kept contents for).</summary>
    public static byte[] Write(LayerContents layer, IReadOnlyCollection<string> readFor) => WriteChunked(layer, readFor).ToArray();

    /// <summary>
    /// The record of <see cref="Write(LayerContents, IReadOnlyCollection{string})"/> in 64 KiB chunks: the body goes
    /// straight into the compressor and the compressed bytes into chunks, so a layer of a million unlisted paths never
    /// holds its record uncompressed, in one growing buffer, or copied (<see cref="ILayerRecordCache.Put(string, RecordBufferStream)"/>).
    /// </summary>
    public static RecordBufferStream WriteChunked(LayerContents layer, IReadOnlyCollection<string> readFor)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(readFor);
        var packed = new RecordBufferStream();
        using (var header = new BinaryWriter(packed, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            header.Write(FormatVersion);
            header.Write(readFor.Count);
            foreach (var interest in readFor.Order(StringComparer.Ordinal)) header.Write(interest);
        }
        using (var deflate = new DeflateStream(packed, CompressionLevel.Fastest, leaveOpen: true))
            Body(layer, deflate);
        return packed;
    }

    /// <summary>The interests a record was read for; null when it was written by another format version or is damaged.</summary>
    public static IReadOnlySet<string>? ReadFor(byte[] data) => Header(data, out _);

    private static HashSet<string>? Header(byte[] data, out int bodyOffset)
    {
        ArgumentNullException.ThrowIfNull(data);
        bodyOffset = 0;
        try
        {
            using var stream = new MemoryStream(data, writable: false);
            using var r = new BinaryReader(stream, System.Text.Encoding.UTF8);
            if (r.ReadInt32() != FormatVersion) return null;
            var count = r.ReadInt32();
            if (count < 0 || count > data.Length) return null;
            var set = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++) set.Add(r.ReadString());
            bodyOffset = (int)stream.Position;
            return set;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
        {
            return null;
        }
    }

    private static void Body(LayerContents layer, Stream output)
    {
        using var buffered = new BufferedStream(output, 64 * 1024);
        using (var w = new BinaryWriter(buffered, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write(layer.DiffId.ToString());
            w.Write(layer.StoredBytes);
            w.Write(layer.TarBytes);
            WriteStrings(w, layer.Whiteouts);
            WriteStrings(w, layer.OpaqueDirectories);
            WriteStrings(w, layer.Warnings);
            w.Write(layer.EntriesRead);
            // Ascending, as deltas in 7-bit groups: a million random 64-bit hashes take about 7 bytes each, not 8.
            w.Write(layer.Unlisted.Count);
            var previous = 0UL;
            foreach (var hash in layer.Unlisted)
            {
                w.Write7BitEncodedInt64(unchecked((long)(hash - previous)));
                previous = hash;
            }
            w.Write(layer.Entries.Count);
            foreach (var layerEntry in layer.Entries)
            {
                var (e, content) = layerEntry;
                w.Write(e.Path);
                w.Write((byte)e.Kind);
                w.Write(e.Mode);
                w.Write(e.Uid);
                w.Write(e.Gid);
                w.Write(e.Size);
                w.Write(e.LinkTarget ?? "");
                w.Write(e.ModifiedAt?.ToUnixTimeSeconds() ?? long.MinValue);
                w.Write(content.HasValue);
                if (content is { } c)
                {
                    w.Write(c.Length);
                    w.Write(c.Span);
                }
                w.Write(layerEntry.Extracts.Count);
                foreach (var x in layerEntry.Extracts)
                {
                    w.Write(x.ExtractorId);
                    w.Write(x.Data.Length);
                    w.Write(x.Data.Span);
                }
            }
        }
        buffered.Flush();
    }

    /// <summary>Reads a record back, as layer <paramref name="index"/>; null when it was written by another format version or is damaged.</summary>
    public static LayerContents? Read(byte[] data, int index)
    {
        if (Header(data, out var offset) is null) return null;
        try
        {
            using var r = new BinaryReader(Inflate(data, offset));
            if (r.ReadInt32() != FormatVersion) return null;
            var diffId = Digest.Parse(r.ReadString());
            var stored = r.ReadInt64();
            var tar = r.ReadInt64();
            var whiteouts = ReadStrings(r);
            var opaque = ReadStrings(r);
            var warnings = ReadStrings(r);
            var entriesRead = r.ReadInt64();
            var unlisted = ReadUnlisted(r);
            var count = r.ReadInt32();
            var entries = new List<LayerEntry>(count);
            for (var i = 0; i < count; i++)
            {
                var path = r.ReadString();
                var kind = (FileKind)r.ReadByte();
                var mode = r.ReadInt32();
                var uid = r.ReadInt32();
                var gid = r.ReadInt32();
                var size = r.ReadInt64();
                var link = r.ReadString();
                var mtime = r.ReadInt64();
                ReadOnlyMemory<byte>? content = r.ReadBoolean() ? r.ReadBytes(r.ReadInt32()) : null;
                var extractCount = r.ReadInt32();
                FileExtract[] extracts = extractCount == 0 ? [] : new FileExtract[extractCount];
                for (var x = 0; x < extractCount; x++) extracts[x] = new FileExtract(r.ReadString(), r.ReadBytes(r.ReadInt32()));
                var entry = new FileEntry
                {
                    Path = path,
                    Kind = kind,
                    Mode = mode,
                    Uid = uid,
                    Gid = gid,
                    Size = size,
                    LinkTarget = link.Length == 0 ? null : link,
                    ModifiedAt = mtime == long.MinValue ? null : DateTimeOffset.FromUnixTimeSeconds(mtime),
                    LayerIndex = index,
                };
                entries.Add(new LayerEntry(entry, content) { Extracts = extracts });
            }
            return new LayerContents
            {
                Index = index,
                DiffId = diffId,
                Entries = entries,
                Whiteouts = whiteouts,
                OpaqueDirectories = opaque,
                Warnings = warnings,
                EntriesRead = entriesRead,
                Unlisted = unlisted,
                StoredBytes = stored,
                TarBytes = tar,
            };
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or DrydockException or ArgumentException)
        {
            return null;
        }
    }

    // Read as a stream: a layer's record is not inflated whole next to what is read from it. A damaged record ends in
    // one of the exceptions Read turns into null (a cache miss).
    private static Stream Inflate(byte[] data, int offset)
    {
        var deflate = new DeflateStream(new MemoryStream(data, offset, data.Length - offset, writable: false), CompressionMode.Decompress);
        return new BufferedStream(deflate, 64 * 1024);
    }

    // Read back into runs of UnlistedPathSet.RunLength: the record is ascending, so each run is sorted.
    private static UnlistedPathSet ReadUnlisted(BinaryReader r)
    {
        var count = r.ReadInt32();
        if (count < 0) throw new InvalidDataException("layer record has a negative count of unlisted paths");
        var runs = new List<ulong[]>();
        var previous = 0UL;
        for (var left = count; left > 0;)
        {
            var run = new ulong[Math.Min(left, UnlistedPathSet.RunLength)];
            for (var i = 0; i < run.Length; i++) run[i] = previous = unchecked(previous + (ulong)r.Read7BitEncodedInt64());
            if (run.Length > 1 && !IsAscending(run)) throw new InvalidDataException("layer record's unlisted paths are not sorted");
            runs.Add(run);
            left -= run.Length;
        }
        return UnlistedPathSet.FromSortedRuns(runs);
    }

    private static bool IsAscending(ulong[] run)
    {
        for (var i = 1; i < run.Length; i++)
        {
            if (run[i] < run[i - 1]) return false;
        }
        return true;
    }

    private static void WriteStrings(BinaryWriter w, IReadOnlyList<string> values)
    {
        w.Write(values.Count);
        foreach (var v in values) w.Write(v);
    }

    private static List<string> ReadStrings(BinaryReader r)
    {
        var n = r.ReadInt32();
        var list = new List<string>(n);
        for (var i = 0; i < n; i++) list.Add(r.ReadString());
        return list;
    }
}
