using System.Formats.Tar;
using Drydock.Images.FileSystem;
using Drydock.Images.Tar;
using ZstdSharp;

namespace Drydock.Images.Layers;

/// <summary>
/// Parses one layer's uncompressed tar stream (forward only, never seeking) into <see cref="LayerContents"/>:
/// metadata for every entry, whiteouts and opaque markers (OCI image-spec layer.md), content only for regular files a
/// plain <see cref="IFileInterest"/> wants, and for files an <see cref="IFileExtractor"/> wants only its extract (the
/// file passes through one reused buffer). Nothing is written to disk. Names are normalised by
/// <see cref="LayerPath"/>; an entry whose name (or hard-link target) climbs above the root, or passes the path bounds
/// (<see cref="LayerPath.BoundViolation"/>), refuses the whole layer (<see cref="DrydockException"/>). With an
/// <see cref="ILayerEntryStream"/> among the interests, entries and whiteouts go to it as they are read, nothing is kept.
/// </summary>
internal sealed class LayerTarReader(
    int layerIndex, string layerName, IReadOnlyList<IFileInterest> interests, LayerWalkOptions options, ContentBudget budget,
    IWalkGate? gate = null)
{
    /// <summary>How often (in entries) the <see cref="IWalkGate"/> is told how far the walk has come.</summary>
    internal const int GateEvery = 4096;

    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    private readonly List<LayerEntry> _entries = [];
    private readonly List<string> _whiteouts = [];
    private readonly List<string> _opaque = [];
    private readonly List<string> _warnings = [];
    private readonly PathHashSet _unlisted = new();
    private readonly IFileInterest[] _keepers = [.. interests.Where(i => i is not IFileExtractor)];
    private readonly IFileExtractor[] _extractors = [.. interests.OfType<IFileExtractor>()];
    private readonly IFileInterest[] _all = [.. interests];
    private readonly bool[] _extractorWants = new bool[interests.OfType<IFileExtractor>().Count()]; // this file's answers
    private readonly ILayerEntryStream? _stream = interests.OfType<ILayerEntryStream>().FirstOrDefault();
    private NativePages? _scratch; // the process's one while Read runs (ScratchBuffer)

    /// <summary>Reads the tar to its end-of-archive marker. DiffId is left default: the caller hashes the stream.</summary>
    public LayerContents Read(Stream tar, CancellationToken cancellationToken)
    {
        string? last = null;
        var count = 0;
        _scratch = ScratchBuffer.Shared.Take();
        try
        {
            var reader = new TarStreamReader(tar, layerName);
            while (reader.Next() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                last = entry.Name;
                if (++count > options.MaxEntriesPerLayer)
                    throw new DrydockException($"{layerName}: more than {options.MaxEntriesPerLayer} entries");
                budget.CountEntry(layerName, options);
                if (gate is not null && count % GateEvery == 0) gate.Entries(count, cancellationToken);
                Add(reader, entry);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdException)
        {
            var where = last is null ? "at its first entry" : $"after entry '{last}'";
            throw new DrydockException($"{layerName}: truncated or malformed tar {where}: {e.Message}", inner: e);
        }
        finally
        {
            ReturnScratch();
        }
        return new LayerContents
        {
            Index = layerIndex,
            DiffId = default,
            EntriesRead = count,
            Unlisted = _unlisted.Build(),
            Entries = _entries,
            Whiteouts = _whiteouts,
            OpaqueDirectories = _opaque,
            Warnings = _warnings,
        };
    }

    private void Add(TarStreamReader reader, TarHeader entry)
    {
        var kind = KindOf(entry.Type);
        if (kind is null)
        {
            _warnings.Add($"{layerName}: entry '{TarHeaderParser.Shorten(entry.Name)}' of tar type '{entry.Type}' is not supported; skipped");
            return;
        }
        // Docker refuses a layer with a name that climbs out (pkg/archive breakoutError): a runtime that places it
        // anyway would hold a file no analyzer saw, so the whole layer is refused, not the entry.
        var path = LayerPath.Normalize(entry.Name)
            ?? throw new DrydockException($"{layerName}: entry '{TarHeaderParser.Shorten(entry.Name)}' climbs above the image root; the layer is refused");
        if (LayerPath.BoundViolation(path) is { } violation)
            throw new DrydockException($"{layerName}: entry '{TarHeaderParser.Shorten(entry.Name)}': {violation}; the layer is refused");
        if (path.Length == 0) return; // "./": the root directory itself, which every image has.
        if (path.AsSpan(path.LastIndexOf('/') + 1).StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            AddWhiteout(path, LayerPath.FileName(path));
            return;
        }
        string? linkTarget = entry.LinkName.Length == 0 ? null : entry.LinkName;
        if (kind == FileKind.HardLink)
        {
            // A hard link names an earlier entry by its tar name; it must stay inside the root like any name.
            linkTarget = LayerPath.Normalize(entry.LinkName)
                ?? throw new DrydockException($"{layerName}: hard link '{TarHeaderParser.Shorten(path)}' → "
                                              + $"'{TarHeaderParser.Shorten(entry.LinkName)}' climbs above the image root; the layer is refused");
            if (linkTarget.Length == 0)
            {
                _warnings.Add($"{layerName}: hard link '{path}' has no target; skipped");
                return;
            }
        }
        var mode = entry.Mode;
        var size = kind == FileKind.File ? entry.Size : 0;
        if (_stream is not null)
        {
            _stream.Entry(Entry(entry, path, kind.Value, size, linkTarget));
            return;
        }
        if (kind is FileKind.Directory or FileKind.Symlink or FileKind.HardLink)
        {
            _entries.Add(new LayerEntry(Entry(entry, path, kind.Value, size, linkTarget), null));
            return;
        }
        // Every interest is asked once per file: Wants runs for every file of every layer.
        var (bound, wanted) = kind == FileKind.File ? Ask(path, size, mode) : (-1, false);
        var content = bound >= 0 ? KeepContent(reader, path, size, bound) : null;
        var extracts = wanted ? Extract(reader, content, path, size) : [];
        if (content is null && extracts.Count == 0 && !wanted && !WantsEntry(path, mode))
        {
            // Not listed, but it still replaces what lower layers had here. Nothing else of it is kept or even made:
            // a layer of a million files nobody asked for costs 8 bytes each (issue 18).
            _unlisted.Add(PathHash.Of(path));
            return;
        }
        _entries.Add(new LayerEntry(Entry(entry, path, kind.Value, size, linkTarget), content) { Extracts = extracts });
    }

    private FileEntry Entry(TarHeader entry, string path, FileKind kind, long size, string? linkTarget) => new()
    {
        Path = path,
        Kind = kind,
        Mode = entry.Mode,
        Uid = entry.Uid,
        Gid = entry.Gid,
        Size = size,
        LinkTarget = kind is FileKind.Symlink or FileKind.HardLink ? linkTarget : null,
        ModifiedAt = entry.ModificationTime,
        LayerIndex = layerIndex,
    };

    private void AddWhiteout(string path, string name)
    {
        var parent = LayerPath.Parent(path);
        if (name == OpaqueMarker)
        {
            if (_stream is null) _opaque.Add(parent);
            else _stream.Opaque(parent);
            return;
        }
        if (name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal))
            return; // Other ".wh..wh." names are AUFS metadata (.wh..wh.plnk, .wh..wh.aufs), never part of the view.
        var deleted = parent.Length == 0 ? name[WhiteoutPrefix.Length..] : parent + "/" + name[WhiteoutPrefix.Length..];
        if (_stream is null) _whiteouts.Add(deleted);
        else _stream.Whiteout(deleted);
    }

    private ReadOnlyMemory<byte>? KeepContent(TarStreamReader reader, string path, long size, long bound)
    {
        if (size > bound)
        {
            var whose = bound < options.MaxFileContentBytes ? "read bound of the analyzers that want it" : "kept per file";
            _warnings.Add($"{layerName}: '{path}' is {size} bytes, over the {BoundedReadStream.Format(bound)} {whose}; its content is not kept");
            return null;
        }
        if (!budget.TryReserve(size))
        {
            _warnings.Add($"{layerName}: '{path}' not kept: kept contents would exceed {BoundedReadStream.Format(budget.Total)}");
            return null;
        }
        var bytes = new byte[size];
        if (size > 0) reader.ReadExactly(bytes);
        return bytes;
    }

    // The extractors that want the file see its bytes once: the kept content, or else the file read into a buffer that
    // is reused for the next file (so memory is the largest such file, not their sum).
    private IReadOnlyList<FileExtract> Extract(TarStreamReader reader, ReadOnlyMemory<byte>? kept, string path, long size)
    {
        List<FileExtract>? extracts = null;
        ReadOnlyMemory<byte>? bytes = kept;
        for (var i = 0; i < _extractors.Length; i++)
        {
            if (!_extractorWants[i]) continue;
            var extractor = _extractors[i];
            if (bytes is null)
            {
                if (size > options.MaxFileContentBytes)
                {
                    _warnings.Add($"{layerName}: '{path}' is {size} bytes, over the {BoundedReadStream.Format(options.MaxFileContentBytes)} "
                                  + "read per file; it is not analysed");
                    return [];
                }
                if (_scratch is null || _scratch.Length < size) GrowScratch((int)size);
                reader.ReadExactly(_scratch!.GetSpan()[..(int)size]);
                bytes = _scratch.Memory[..(int)size];
            }
            ReadOnlyMemory<byte>? extract;
            try
            {
                extract = extractor.Extract(bytes.Value);
            }
#pragma warning disable CA1031 // Extractors report damage inside their extract; a throwing one must still not abort the walk.
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
#pragma warning restore CA1031
            {
                _warnings.Add($"{layerName}: '{path}': {extractor.Id} failed: {e.Message}");
                continue;
            }
            if (extract is null) continue;
            if (!budget.TryReserve(extract.Value.Length))
            {
                _warnings.Add($"{layerName}: '{path}' not analysed: kept data would exceed {BoundedReadStream.Format(budget.Total)}");
                continue;
            }
            (extracts ??= []).Add(new FileExtract(extractor.Id, extract.Value.ToArray()));
        }
        return extracts ?? (IReadOnlyList<FileExtract>)[];
    }

    // The scratch buffer is the process's one (ScratchBuffer), taken when the reader starts and given back when the
    // layer is read, so that the next layer's reader starts from the size this one reached (issue 17).
    // The old buffer is freed first: nothing holds it past the file it was read for (extracts are copied out).
    private void GrowScratch(int size)
    {
        ((IDisposable?)_scratch)?.Dispose();
        _scratch = null; // should mapping the new one fail, no freed buffer is left to give back
        _scratch = ScratchBuffer.Grow(size);
    }

    private void ReturnScratch()
    {
        ScratchBuffer.Shared.Give(_scratch);
        _scratch = null;
    }

    private bool WantsEntry(string path, int mode)
    {
        foreach (var interest in _all)
        {
            if (interest.WantsEntry(path, mode)) return true;
        }
        return false;
    }

    // Asks each interest once whether it wants the file: the largest content any keeper that wants it reads
    // (IFileInterest.MaxContentBytes, capped by the walk's per-file bound; -1 when no keeper wants it), which extractors
    // want it (_extractorWants), and whether anyone does.
    private (long Bound, bool Wanted) Ask(string path, long size, int mode)
    {
        var bound = -1L;
        var wanted = false;
        foreach (var interest in _keepers)
        {
            if (!interest.Wants(path, size, mode)) continue;
            wanted = true;
            bound = Math.Max(bound, Math.Min(interest.MaxContentBytes(path), options.MaxFileContentBytes));
        }
        for (var i = 0; i < _extractors.Length; i++) wanted |= _extractorWants[i] = _extractors[i].Wants(path, size, mode);
        return (bound, wanted);
    }

    private static FileKind? KindOf(TarEntryType type) => type switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => FileKind.File,
        TarEntryType.Directory => FileKind.Directory,
        TarEntryType.SymbolicLink => FileKind.Symlink,
        TarEntryType.HardLink => FileKind.HardLink,
        TarEntryType.CharacterDevice => FileKind.CharDevice,
        TarEntryType.BlockDevice => FileKind.BlockDevice,
        TarEntryType.Fifo => FileKind.Fifo,
        _ => null,
    };
}
